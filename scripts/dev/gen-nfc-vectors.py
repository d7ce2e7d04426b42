#!/usr/bin/python3
# Writes fixtures/unicode/nfc-vectors.txt, the test vectors of the engine's
# NFC (tests/native/core/nfc_test.cpp), with Python's own
# unicodedata.normalize('NFC', ...) as the reference:
#   /usr/bin/python3 scripts/dev/gen-nfc-vectors.py
# Use the Python whose Unicode version the tables were generated from
# (scripts/dev/gen-unicode-nfc.py; the test checks that the versions agree).
#
# Each line: "<group>;<source code points>;<NFC code points>", code points
# in hex separated by spaces ("" for the empty string). Groups: latin,
# cyrillic, kazakh, words, reorder, exclusions, hangul, every (every code
# point with a canonical decomposition, alone and decomposed; a tenth of
# the CJK compatibility ideographs), random.
import os
import random
import sys
import unicodedata as ud

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'fixtures', 'unicode', 'nfc-vectors.txt')
rng = random.Random(20261205)
cases = []


def add(group, s):
    cases.append((group, s, ud.normalize('NFC', s)))


def nfd(s):
    return ud.normalize('NFD', s)


def letters(lo, hi):
    return [chr(c) for c in range(lo, hi + 1) if ud.category(chr(c)).startswith('L')]


def shuffled_marks(s):
    # the same text with each run of combining marks in a random order
    out, run = [], []
    for ch in s:
        if ud.combining(ch):
            run.append(ch)
            continue
        rng.shuffle(run)
        out += run
        run = []
        out.append(ch)
    rng.shuffle(run)
    return ''.join(out + run)


def main():
    # Latin: every letter of Latin-1, Extended-A/B and Extended Additional,
    # as written and decomposed.
    for ch in letters(0xC0, 0x24F) + letters(0x1E00, 0x1EFF):
        add('latin', ch)
        if nfd(ch) != ch:
            add('latin', nfd(ch))
    # Cyrillic (with its supplement) as written and decomposed; Kazakh
    # letters (precomposed only: none has a decomposition) in and around words.
    for ch in letters(0x400, 0x52F):
        add('cyrillic', ch)
        if nfd(ch) != ch:
            add('cyrillic', nfd(ch))
    kazakh = 'ӘәҒғҚқҢңӨөҰұҮүҺһІі'
    for ch in kazakh:
        add('kazakh', ch)
        add('kazakh', ch + '\u0306')
        add('kazakh', ch + '\u0308\u0301')
    words = ['Ақтөбе', 'Әсел', 'Қазақстан', 'Өскемен', 'Ұлытау', 'Үржар', 'Йошкар-Ола', 'ёлка', 'Асель',
             'Актобе', 'Мұғалім-медиатор', 'Café naïve', 'Ångström', 'Żółć', 'São Tomé', 'Tiếng Việt',
             'Straße', 'Ελληνικά', 'ﬁnancial', 'Ω 5 Å 3 K', '']
    for w in words:
        add('words', w)
        add('words', nfd(w))
        add('words', shuffled_marks(nfd(w)))
    # Combining marks out of canonical order, blocked and unblocked.
    marks = [chr(c) for c in range(0x300, 0x370)] + ['\u0323', '\u0328', '\u031B', '\u0345', '\u05B0', '\u0670',
                                                      '\u093C', '\u094D', '\u3099', '\u309A', '\u0F71', '\u0F72']
    bases = ['a', 'e', 'o', 'u', 'A', 'O', 'S', 'ı', 'ω', 'Α', 'ο', 'и', 'е', 'у', 'ә', 'к', 'か', 'ᄀ', '\u0915']
    for _ in range(800):
        k = rng.randint(1, 5)
        add('reorder', rng.choice(bases) + ''.join(rng.choice(marks) for _ in range(k)))
    for ch in 'ǕǗǙǛȪȬȰṎṐṒṤṦṸṺẤẦẨẪẬẮẰẲẴẶẾỀỂỄỆỐỒỔỖỘỚỜỞỠỢỨỪỬỮỰ':
        d = nfd(ch)
        for _ in range(3):
            add('reorder', d[0] + ''.join(rng.sample(d[1:], len(d) - 1)))
    # Composition exclusions, singletons and non-starter decompositions.
    excluded = [chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF and ud.decomposition(chr(c))
                and not ud.decomposition(chr(c)).startswith('<') and ud.normalize('NFC', chr(c)) != chr(c)]
    for ch in excluded:
        if not 0xF900 <= ord(ch) <= 0xFAFF and not 0x2F800 <= ord(ch) <= 0x2FA1F or rng.random() < 0.1:
            add('exclusions', ch)
            add('exclusions', nfd(ch))
            add('exclusions', 'a' + ch + '\u0301')
    # Hangul: syllables (LV and LVT) as written, as jamo, LV + T, and jamo
    # that do not make a syllable.
    for _ in range(400):
        s = chr(0xAC00 + rng.randrange(11172))
        add('hangul', s)
        add('hangul', nfd(s))
    for _ in range(100):
        lv = chr(0xAC00 + 28 * rng.randrange(399))
        add('hangul', lv + chr(0x11A8 + rng.randrange(27)))
        add('hangul', chr(0x1100 + rng.randrange(19)) + chr(0x1161 + rng.randrange(21)) + '\u0301' +
            chr(0x11A8 + rng.randrange(27)))
    add('hangul', '\u1100\u1100\u1161\u1161\u11A8\u11A8\u11A7\u1175\u11C2\u11C3')
    # Every code point with a canonical decomposition, alone and decomposed.
    for c in range(0x110000):
        if 0xD800 <= c <= 0xDFFF:
            continue
        d = ud.decomposition(chr(c))
        cjk = 0xF900 <= c <= 0xFAFF or 0x2F800 <= c <= 0x2FA1F  # compatibility ideographs: a sample
        if d and not d.startswith('<') and not 0xAC00 <= c <= 0xD7A3 and (not cjk or rng.random() < 0.1):
            add('every', chr(c))
            if nfd(chr(c)) != chr(c) and len(nfd(chr(c))) > 1:
                add('every', nfd(chr(c)))
    # Random strings over a pool of starters, marks, jamo, exclusions and
    # precomposed letters, some starting with a combining mark.
    pool = (list('aeiouAEIOUnNcCsSzZ ,.-') + letters(0xC0, 0x17F) + letters(0x400, 0x4FF) + marks +
            [chr(0x1100 + i) for i in range(19)] + [chr(0x1161 + i) for i in range(21)] +
            [chr(0x11A8 + i) for i in range(27)] + excluded[:200] + [chr(0xAC00 + 28 * i) for i in range(30)] +
            ['\u0958', '\u212B', '\u2126', '\u212A', '\u0344', '\u0F73', '\U0001D15E', '\U000110AB', '\u0B47',
             '\u0B3E', '\u0CC6', '\u0CD5', '\u0DD9', '\u0DCF', '\u1025', '\u102E', '\u3099', '\u304B'])
    for _ in range(1000):
        add('random', ''.join(rng.choice(pool) for _ in range(rng.randint(1, 12))))

    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    hexs = lambda s: ' '.join('%04X' % ord(ch) for ch in s)
    with open(OUT, 'w', encoding='ascii') as f:
        f.write('# Generated by scripts/dev/gen-nfc-vectors.py with Python %s, Unicode %s: '
                'group;source;NFC (hex code points)\n' % ('.'.join(map(str, sys.version_info[:3])), ud.unidata_version))
        f.write('# unicode %s\n' % ud.unidata_version)
        for g, s, n in cases:
            f.write('%s;%s;%s\n' % (g, hexs(s), hexs(n)))
    print('%s: %d vectors, %d change under NFC' % (os.path.relpath(OUT), len(cases), sum(s != n for _, s, n in cases)))


if __name__ == '__main__':
    main()
