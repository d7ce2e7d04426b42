// ESLint (flat config) for the project's JavaScript: the site's scripts, the
// Node tests, the benchmarks and the development scripts. Checks for bugs
// only: formatting is not ESLint's job here (.editorconfig covers whitespace).
//   npm run lint:js      (= npx eslint .)
import js from '@eslint/js';
import globals from 'globals';

// The browser globals that the Node files driving a page through
// playwright-core use inside page.evaluate() / waitForFunction() callbacks,
// which run in the page. Named one by one rather than all of
// globals.browser, so that a stray browser-only name (name, status, event,
// ...) in the Node code itself is still reported.
const PAGE_CALLBACK_GLOBALS = {
  window: 'readonly', self: 'readonly', document: 'readonly', caches: 'readonly',
  DataTransfer: 'readonly', DragEvent: 'readonly',
};

export default [
  { ignores: ['build/', 'node_modules/'] },

  js.configs.recommended,

  // Deliberate additions to the recommended set, each for a class of real bug.
  {
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // == and != coerce ('' == 0, '1' == 1): a silent wrong answer in a stats
      // tool. `x == null` stays allowed as the idiom for null-or-undefined.
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      // var is function-scoped and hoisted: closures in loops see the last value.
      'no-var': 'error',
      // A binding that is never reassigned is declared const, so that an
      // accidental reassignment is an error and a real one stands out.
      'prefer-const': ['error', { destructuring: 'all' }],
      // Dead variables and imports are often a misspelt or forgotten use.
      // Leading arguments may be unused (callback signatures); `_name` marks
      // a deliberately unused binding.
      'no-unused-vars': ['error', {
        args: 'after-used', argsIgnorePattern: '^_',
        varsIgnorePattern: '^_', caughtErrors: 'none',
        // `const { csv, markdown, ...rest } = r` is how a copy without some
        // keys is made; the dropped keys are not dead variables.
        ignoreRestSiblings: true,
      }],
      // In a classic script (the worker, the service worker) a top-level
      // function or var would silently become a property of the global
      // object, shared with every script the worker imports.
      'no-implicit-globals': 'error',
      // A local that hides an outer name (node:test's before/after, a
      // module's function) turns a later call of that name into a wrong call.
      'no-shadow': 'error',
      // map/filter/find/reduce callbacks that forget to return give undefined.
      'array-callback-return': 'error',
      // '${x}' in a plain string is a template literal with the wrong quotes.
      'no-template-curly-in-string': 'error',
      // Throwing a non-Error loses the stack and breaks `err.message` readers.
      'no-throw-literal': 'error',
      // The pages' Content-Security-Policy has no 'unsafe-eval': eval,
      // new Function and setTimeout('code') would fail there at run time.
      'no-eval': 'error',
      'no-implied-eval': 'error',
      'no-new-func': 'error',
    },
  },

  // The site's pages: browser ES modules. (Globals of several matching
  // blocks add up, so the worker is left out here rather than overridden.)
  {
    files: ['web/js/**/*.js'],
    ignores: ['web/js/engine-worker.js'],
    languageOptions: { sourceType: 'module', globals: globals.browser },
  },
  // The engine's worker: a classic script (importScripts loads the Emscripten
  // MODULARIZE build, which defines createAssessEngine).
  {
    files: ['web/js/engine-worker.js'],
    languageOptions: {
      sourceType: 'script',
      globals: { ...globals.worker, createAssessEngine: 'readonly', createAssessMeasure: 'readonly' },
    },
  },
  // The service worker: a classic script.
  {
    files: ['web/sw.js'],
    languageOptions: { sourceType: 'script', globals: globals.serviceworker },
  },
  // Tests, benchmarks, development scripts, the demo generator: Node ESM.
  {
    files: ['tests/**/*.mjs', 'bench/**/*.mjs', 'scripts/**/*.mjs', 'fixtures/*/generate.mjs', 'eslint.config.mjs'],
    languageOptions: { sourceType: 'module', globals: globals.node },
  },
  // Node files that drive a page: their page callbacks use a few browser names.
  {
    files: ['tests/browser/**/*.mjs', 'bench/run.mjs', 'scripts/dev/docs-screenshot.mjs'],
    languageOptions: { globals: { ...globals.node, ...PAGE_CALLBACK_GLOBALS } },
  },
  // The benchmark page's script runs in the browser (bench/web/bench.html).
  {
    files: ['bench/web/**/*.js'],
    ignores: ['bench/web/measure-worker.js'],
    languageOptions: { sourceType: 'module', globals: globals.browser },
  },
  // The benchmark's worker: a classic script like the engine's worker.
  {
    files: ['bench/web/measure-worker.js'],
    languageOptions: {
      sourceType: 'script',
      globals: { ...globals.worker, createAssessEngine: 'readonly', createAssessMeasure: 'readonly' },
    },
  },
];
