// options.hpp — reading an rt attribute's options by lexing its source text.
//
// Clang 19 passes plugin attributes with scoped names an empty argument list, so
// `[[rt::main(flavor = "current_thread", worker_threads = 4)]]` is re-lexed from the attribute's
// location: `name`, or `name = value` with value a string, integer or true/false, comma separated.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "clang/AST/Attr.h"
#include "clang/Basic/SourceManager.h"

namespace rtcg {

struct OptionValue {
    enum Kind { None, Identifier, String, Integer, Bool } kind = None;
    std::string text;        // as spelled (strings without quotes)
    std::uint64_t integer = 0;
    bool boolean = false;
    bool negative = false;   // an integer spelled with a leading '-'
    clang::SourceLocation loc;
};

struct Option {
    std::string name;
    clang::SourceLocation loc;
    OptionValue value;       // kind None: a bare `name`
};

struct AttrUse {
    clang::SourceRange range;          // `rt::main(...)`, from the scope name to the ')' (inclusive)
    clang::SourceLocation nameLoc;     // `rt`
    std::vector<Option> options;
    bool ok = false;                   // false: a diagnostic was reported
};

/// Lexes the attribute behind `a` (an rt-codegen AnnotateAttr). Reports syntax errors.
AttrUse readAttribute(const clang::AnnotateAttr* a, const clang::SourceManager& sm,
                      const clang::LangOptions& lo, clang::DiagnosticsEngine& diags);

/// Reports an error for every option of `use` whose name is not in `known`; false if any.
bool checkOptionNames(const AttrUse& use, llvm::StringRef attrName,
                      llvm::ArrayRef<llvm::StringRef> known, clang::DiagnosticsEngine& diags);

}  // namespace rtcg
