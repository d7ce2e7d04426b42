// The engine's messages in Kazakh and Russian, for the renderings the engine
// writes itself in those languages (the study report's Markdown says its
// warnings in the report's language). The templates are the pages'
// catalogues (web/i18n/msg/<lang>/analysis.json, with the words of
// common.json), copied into core/messages/translated_*.inc by
// scripts/gen-translated-messages.mjs; the syntax is the pages'
// (web/js/messages.js):
//   {name}            the parameter; numbers with a decimal comma (kk, ru)
//   {name@table}      a coded word from common.json's "@table"
//   {name#hex}        a byte as 0xC0
//   {name#place}      another record's place ("a.csv, строка 2")
//   {name#or}         a list the engine joins with "or", in the language's word
//   {name|one:...|few:...|many:...|other:...}
//                     the form that agrees with the number (CLDR plural
//                     categories of kk and ru), or with the value ("1:", "ratings:")
//   {{ and }}         a brace
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "assess/core/json.hpp"

namespace assess {

// msg: {"id", "params"} as the results' warning_msgs carry it; lang "kk" or
// "ru". Nothing when the language's catalogue has no entry for the id (the
// caller says the English sentence) or the template cannot be read.
std::optional<std::string> translated(const Json& msg, std::string_view lang);

// The number as the messages of lang write it (exposed for tests): integers
// with no-break spaces between thousands from 10 000, other values with six
// significant digits and a decimal comma; "en" keeps the point.
std::string translated_number(double x, std::string_view lang);

// The CLDR plural category of x in lang: "one", "few", "many" or "other".
const char* plural_category(double x, std::string_view lang);

}  // namespace assess
