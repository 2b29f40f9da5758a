// options.cpp — lexes `[[rt::X(options)]]` from source (see options.hpp).
#include "options.hpp"

#include "clang/Lex/Lexer.h"
#include "diag.hpp"
#include "llvm/ADT/StringExtras.h"

using namespace clang;

namespace rtcg {
namespace {

struct TokenReader {
    const SourceManager& sm;
    const LangOptions& lo;
    Lexer lexer;
    Token tok;

    TokenReader(SourceLocation start, const SourceManager& s, const LangOptions& l)
        : sm(s), lo(l),
          lexer(sm.getLocForStartOfFile(sm.getFileID(start)), lo,
                sm.getBufferData(sm.getFileID(start)).begin(),
                sm.getCharacterData(start), sm.getBufferData(sm.getFileID(start)).end()) {
        next();
    }
    void next() {
        do lexer.LexFromRawLexer(tok);
        while (tok.is(tok::comment));
    }
    std::string spelling() const { return Lexer::getSpelling(tok, sm, lo); }
    bool isIdent() const { return tok.is(tok::raw_identifier); }
};

bool readValue(TokenReader& r, OptionValue& v, DiagnosticsEngine& diags) {
    v.loc = r.tok.getLocation();
    if (r.tok.is(tok::minus)) {
        v.negative = true;
        r.next();
    }
    std::string s = r.spelling();
    if (r.tok.is(tok::string_literal) && !v.negative) {
        v.kind = OptionValue::String;
        v.text = s.size() >= 2 ? s.substr(1, s.size() - 2) : s;
    } else if (r.tok.is(tok::numeric_constant)) {
        v.kind = OptionValue::Integer;
        v.text = s;
        llvm::StringRef digits(s);
        digits = digits.rtrim("uUlL");
        if (digits.getAsInteger(0, v.integer)) {
            error(diags, v.loc, "'" + s + "' is not an integer this option accepts");
            return false;
        }
    } else if (r.isIdent() && (s == "true" || s == "false") && !v.negative) {
        v.kind = OptionValue::Bool;
        v.boolean = s == "true";
        v.text = s;
    } else if (r.isIdent() && !v.negative) {
        v.kind = OptionValue::Identifier;
        v.text = s;
    } else {
        error(diags, v.loc, "expected an option value (a string, an integer, true or false)");
        return false;
    }
    r.next();
    return true;
}

}  // namespace

AttrUse readAttribute(const AnnotateAttr* a, const SourceManager& sm, const LangOptions& lo,
                      DiagnosticsEngine& diags) {
    AttrUse use;
    SourceLocation begin = a->getRange().getBegin();
    if (begin.isMacroID()) {
        error(diags, begin, "rt attributes cannot be written inside a macro expansion");
        return use;
    }
    use.nameLoc = begin;
    TokenReader r(begin, sm, lo);
    // `rt` `::` `name`
    for (int i = 0; i < 3 && !r.tok.is(tok::eof); ++i) r.next();
    SourceLocation last = r.tok.getLocation();
    if (!r.tok.is(tok::l_paren)) {
        // no options: the range ends with the attribute name
        TokenReader n(begin, sm, lo);
        n.next();
        n.next();
        use.range = SourceRange(begin, n.tok.getLocation());
        use.ok = true;
        return use;
    }
    r.next();
    bool ok = true;
    while (!r.tok.is(tok::r_paren)) {
        if (r.tok.is(tok::eof)) {
            error(diags, last, "unterminated attribute argument list");
            return use;
        }
        if (!r.isIdent()) {
            error(diags, r.tok.getLocation(), "expected an option name");
            return use;
        }
        Option opt;
        opt.name = r.spelling();
        opt.loc = r.tok.getLocation();
        r.next();
        if (r.tok.is(tok::equal)) {
            r.next();
            if (!readValue(r, opt.value, diags)) return use;
        }
        for (const Option& o : use.options)
            if (o.name == opt.name) {
                error(diags, opt.loc, "option '" + opt.name + "' is given twice");
                note(diags, o.loc, "first given here");
                ok = false;
            }
        use.options.push_back(opt);
        if (r.tok.is(tok::comma)) {
            r.next();
        } else if (!r.tok.is(tok::r_paren)) {
            error(diags, r.tok.getLocation(), "expected ',' or ')' after option '" + opt.name + "'");
            return use;
        }
    }
    use.range = SourceRange(begin, r.tok.getLocation());
    use.ok = ok;
    return use;
}

bool checkOptionNames(const AttrUse& use, llvm::StringRef attrName, llvm::ArrayRef<llvm::StringRef> known,
                      DiagnosticsEngine& diags) {
    bool ok = true;
    for (const Option& o : use.options) {
        if (llvm::is_contained(known, o.name)) continue;
        std::string list;
        for (llvm::StringRef k : known) list += (list.empty() ? "`" : ", `") + k.str() + "`";
        error(diags, o.loc, "unknown option '" + o.name + "' for [[" + attrName.str() +
                                "]]; expected one of: " + list);
        ok = false;
    }
    return ok;
}

}  // namespace rtcg
