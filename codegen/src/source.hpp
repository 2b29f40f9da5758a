// source.hpp — small helpers turning clang source locations into offsets of the main file.
#pragma once

#include "clang/AST/ASTContext.h"
#include "clang/AST/Stmt.h"
#include "clang/Lex/Lexer.h"

namespace rtcg {

// Locations inside a macro expansion count as the macro's invocation in the file (its first token
// for a begin, its last token for an end), so copied ranges are always the text the user wrote.

inline unsigned offsetOf(clang::SourceLocation loc, const clang::SourceManager& sm) {
    return sm.getFileOffset(sm.getExpansionLoc(loc));
}

/// Offset just past the token at `loc` (for a macro: past the end of its invocation).
inline unsigned tokenEnd(clang::SourceLocation loc, clang::ASTContext& ctx) {
    const auto& sm = ctx.getSourceManager();
    clang::SourceLocation e = loc.isMacroID() ? sm.getExpansionRange(loc).getEnd() : loc;
    return sm.getFileOffset(e) + clang::Lexer::MeasureTokenLength(e, sm, ctx.getLangOpts());
}

/// Offset just past a statement, including the ';' that ends a simple statement (a ';' after a
/// statement ending in '}' is taken too: it is an empty statement either way).
inline unsigned stmtEnd(const clang::Stmt* s, clang::ASTContext& ctx) {
    const auto& sm = ctx.getSourceManager();
    clang::SourceLocation e = s->getEndLoc();
    if (e.isMacroID()) e = sm.getExpansionRange(e).getEnd();
    unsigned off = tokenEnd(e, ctx);
    clang::Token t;
    if (!clang::Lexer::getRawToken(e, t, sm, ctx.getLangOpts()) &&
        (t.is(clang::tok::semi) || clang::isa<clang::CompoundStmt>(s)))
        return off;
    if (auto next = clang::Lexer::findNextToken(e, sm, ctx.getLangOpts()); next && next->is(clang::tok::semi))
        return offsetOf(next->getLocation(), sm) + 1;
    return off;
}

/// True when every location of `s` is written directly in the main file (not from a macro).
inline bool inMainFileText(clang::SourceRange r, const clang::SourceManager& sm) {
    return r.getBegin().isFileID() && r.getEnd().isFileID() && sm.isInMainFile(r.getBegin());
}

}  // namespace rtcg
