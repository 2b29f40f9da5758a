// select.hpp — [[rt::select]]: checking a select block and lowering it to a state machine.
//
// The syntax (docs/api/macros.md) is plain C++ that editors parse:
//
//     if ([[rt::select(biased)]] rt::selector s{}) {
//         if (auto v = s.on(rx.recv(), !closed); v && *v > 0) { ... }   // future, precondition, pattern
//         if (s.on(rt::time::sleep(1s))) break;                          // body may break/continue/co_return
//     } else { ... }                                                      // every branch disabled
//
// Lowering: the branch futures live in a local struct (unions + live flags) whose poll() polls every
// enabled branch from a random start (0 when biased) and reports the winner's index; the enclosing
// coroutine co_awaits it, re-tests the branch's `if` on the result (a failed pattern disables the
// branch and waits again), destroys every branch future, then runs the winner's body inline.
#pragma once

#include <vector>

#include "clang/AST/ASTContext.h"
#include "clang/AST/Stmt.h"
#include "options.hpp"
#include "output.hpp"

namespace rtcg {

struct SelectBranch {
    const clang::IfStmt* stmt = nullptr;
    const clang::Expr* call = nullptr;          // s.on(future[, precondition])
    const clang::Expr* future = nullptr;
    const clang::Expr* precondition = nullptr;  // null: always enabled
    bool byReference = false;                   // an lvalue future: polled in place, not owned
};

/// The most branches one select may have: the generated state machine keeps a bit per branch.
inline constexpr size_t maxBranches = 64;

struct Select {
    const clang::IfStmt* stmt = nullptr;
    const clang::VarDecl* var = nullptr;
    bool biased = false;
    std::vector<SelectBranch> branches;
    unsigned id = 0;
};

/// Checks the select whose condition declares `var`; reports errors and returns false on misuse.
bool analyzeSelect(const clang::IfStmt* stmt, const AttrUse& use, clang::ASTContext& ctx, Select& out);

/// The [begin, end) offsets of the whole select statement in the main file.
std::pair<unsigned, unsigned> selectRange(const Select& s, clang::ASTContext& ctx);

/// Writes the lowered select (registered as an Output edit over selectRange).
void emitSelect(const Select& s, clang::ASTContext& ctx, Output& out);

}  // namespace rtcg
