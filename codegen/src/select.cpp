// select.cpp — checks and lowers [[rt::select]] blocks (see select.hpp for the shape).
#include "select.hpp"

#include "clang/AST/ExprCXX.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "diag.hpp"
#include "source.hpp"

using namespace clang;

namespace rtcg {
namespace {

// `s.on(...)` with `s` the selector, in resolved or (inside templates) dependent form.
bool isOnCall(const CallExpr* call, const VarDecl* var, const DeclRefExpr** base) {
    const Expr* callee = call->getCallee()->IgnoreImplicit();
    const Expr* object = nullptr;
    std::string name;
    if (const auto* m = dyn_cast<MemberExpr>(callee)) {
        object = m->getBase();
        name = m->getMemberNameInfo().getAsString();
    } else if (const auto* u = dyn_cast<UnresolvedMemberExpr>(callee)) {
        object = u->isImplicitAccess() ? nullptr : u->getBase();
        name = u->getMemberNameInfo().getAsString();
    } else if (const auto* d = dyn_cast<CXXDependentScopeMemberExpr>(callee)) {
        object = d->isImplicitAccess() ? nullptr : d->getBase();
        name = d->getMemberNameInfo().getAsString();
    }
    if (!object || name != "on") return false;
    const auto* ref = dyn_cast<DeclRefExpr>(object->IgnoreImplicit());
    if (!ref || ref->getDecl() != var) return false;
    *base = ref;
    return true;
}

// Collects the on-calls and every other use of the selector in a piece of code.
struct UseFinder : RecursiveASTVisitor<UseFinder> {
    const VarDecl* var;
    std::vector<const CallExpr*> calls;
    std::vector<const DeclRefExpr*> refs;
    llvm::SmallPtrSet<const DeclRefExpr*, 4> callBases;

    explicit UseFinder(const VarDecl* v) : var(v) {}
    bool VisitCallExpr(CallExpr* c) {
        const DeclRefExpr* base = nullptr;
        if (isOnCall(c, var, &base)) {
            calls.push_back(c);
            callBases.insert(base);
        }
        return true;
    }
    bool VisitDeclRefExpr(DeclRefExpr* r) {
        if (r->getDecl() == var) refs.push_back(r);
        return true;
    }
    std::vector<const DeclRefExpr*> strayRefs() const {
        std::vector<const DeclRefExpr*> out;
        for (const DeclRefExpr* r : refs)
            if (!callBases.count(r)) out.push_back(r);
        return out;
    }
};

// co_await / co_yield inside a future expression (it is evaluated in a helper lambda), and names
// declared by the branch itself (they do not exist yet when the future is made).
struct FutureChecker : RecursiveASTVisitor<FutureChecker> {
    ASTContext& ctx;
    SourceRange header;
    bool ok = true;
    FutureChecker(ASTContext& c, SourceRange h) : ctx(c), header(h) {}
    bool fail(SourceLocation loc, llvm::StringRef msg) {
        error(ctx.getDiagnostics(), loc, msg);
        ok = false;
        return true;
    }
    bool VisitCoawaitExpr(CoawaitExpr* e) { return fail(e->getBeginLoc(), "a select branch's future or precondition cannot co_await; await it before the select"); }
    bool VisitDependentCoawaitExpr(DependentCoawaitExpr* e) { return fail(e->getBeginLoc(), "a select branch's future or precondition cannot co_await; await it before the select"); }
    bool VisitCoyieldExpr(CoyieldExpr* e) { return fail(e->getBeginLoc(), "a select branch's future or precondition cannot co_yield"); }
    bool VisitDeclRefExpr(DeclRefExpr* r) {
        const auto& sm = ctx.getSourceManager();
        SourceLocation d = r->getDecl()->getLocation();
        if (d.isValid() && sm.isBeforeInTranslationUnit(header.getBegin(), d) &&
            sm.isBeforeInTranslationUnit(d, header.getEnd()))
            fail(r->getLocation(), "the future of a select branch cannot use '" +
                                       r->getDecl()->getNameAsString() +
                                       "', which the branch itself declares");
        return true;
    }
};

bool analyzeBranch(const IfStmt* ifs, const VarDecl* var, ASTContext& ctx, SelectBranch& b) {
    DiagnosticsEngine& diags = ctx.getDiagnostics();
    const auto& sm = ctx.getSourceManager();
    b.stmt = ifs;
    if (ifs->isConstexpr() || ifs->isConsteval()) {
        error(diags, ifs->getIfLoc(), "a select branch must be a plain 'if'");
        return false;
    }
    if (ifs->getElse()) {
        error(diags, ifs->getElseLoc(),
              "a select branch cannot have an 'else'; the select's own 'else' runs when every branch is disabled");
        return false;
    }
    UseFinder header(var);
    if (ifs->getInit()) header.TraverseStmt(const_cast<Stmt*>(ifs->getInit()));
    if (ifs->getConditionVariable())
        header.TraverseDecl(const_cast<VarDecl*>(ifs->getConditionVariable()));
    else
        header.TraverseStmt(const_cast<Expr*>(ifs->getCond()));
    if (header.calls.empty()) {
        error(diags, ifs->getIfLoc(),
              "select branch has no future: write if (auto v = " + var->getNameAsString() +
                  ".on(future)) or if (" + var->getNameAsString() + ".on(future))");
        return false;
    }
    if (header.calls.size() > 1) {
        error(diags, header.calls[1]->getBeginLoc(), "a select branch takes exactly one future");
        return false;
    }
    for (const DeclRefExpr* r : header.strayRefs()) {
        error(diags, r->getLocation(), "'" + var->getNameAsString() + "' can only be used as " +
                                           var->getNameAsString() + ".on(future[, precondition])");
        return false;
    }
    const CallExpr* call = header.calls.front();
    b.call = call;
    unsigned nargs = call->getNumArgs();
    if (nargs >= 1) b.future = call->getArg(0);
    if (nargs >= 2 && !isa<CXXDefaultArgExpr>(call->getArg(1))) b.precondition = call->getArg(1);
    if (!b.future || nargs > 2) {
        error(diags, call->getBeginLoc(), "expected " + var->getNameAsString() + ".on(future) or " +
                                              var->getNameAsString() + ".on(future, precondition)");
        return false;
    }
    if (!inMainFileText(call->getSourceRange(), sm) ||
        !inMainFileText(SourceRange(ifs->getIfLoc(), ifs->getRParenLoc()), sm)) {
        error(diags, ifs->getIfLoc(), "a select branch cannot come from a macro expansion");
        return false;
    }
    b.byReference = b.future->isLValue();
    FutureChecker check(ctx, SourceRange(ifs->getLParenLoc(), ifs->getRParenLoc()));
    check.TraverseStmt(const_cast<Expr*>(b.future));
    if (b.precondition) check.TraverseStmt(const_cast<Expr*>(b.precondition));
    UseFinder body(var);
    body.TraverseStmt(const_cast<Stmt*>(ifs->getThen()));
    for (const DeclRefExpr* r : body.refs) {
        error(diags, r->getLocation(), "'" + var->getNameAsString() +
                                           "' cannot be used in a branch body, only as " + var->getNameAsString() + ".on(future) in a branch condition");
        return false;
    }
    return check.ok;
}

}  // namespace

bool analyzeSelect(const IfStmt* stmt, const AttrUse& use, ASTContext& ctx, Select& out) {
    DiagnosticsEngine& diags = ctx.getDiagnostics();
    const auto& sm = ctx.getSourceManager();
    out.stmt = stmt;
    out.var = stmt->getConditionVariable();
    static const llvm::StringRef names[] = {"biased"};
    if (!checkOptionNames(use, "rt::select", names, diags)) return false;
    for (const Option& o : use.options) {
        if (o.value.kind == OptionValue::None || o.value.kind == OptionValue::Bool) {
            out.biased = o.value.kind == OptionValue::None || o.value.boolean;
        } else {
            error(diags, o.value.loc, "invalid value for 'biased': expected nothing, true or false");
            return false;
        }
    }
    if (!inMainFileText(SourceRange(stmt->getIfLoc(), stmt->getThen()->getEndLoc()), sm)) {
        error(diags, stmt->getIfLoc(), "a select cannot come from a macro expansion");
        return false;
    }
    if (stmt->getInit() || stmt->isConstexpr()) {
        error(diags, stmt->getIfLoc(), "a select is written if ([[rt::select]] rt::selector s{}) { branches }");
        return false;
    }
    const auto* block = dyn_cast<CompoundStmt>(stmt->getThen());
    if (!block) {
        error(diags, stmt->getThen()->getBeginLoc(), "the branches of a select go in a { block }");
        return false;
    }
    bool ok = true;
    for (const Stmt* s : block->body()) {
        const auto* ifs = dyn_cast<IfStmt>(s);
        if (!ifs) {
            error(diags, s->getBeginLoc(),
                  "a select block holds only branches: if (auto v = " + out.var->getNameAsString() +
                      ".on(future); condition) body");
            ok = false;
            continue;
        }
        SelectBranch b;
        if (analyzeBranch(ifs, out.var, ctx, b))
            out.branches.push_back(b);
        else
            ok = false;
    }
    if (out.branches.size() > maxBranches) {
        // The state machine keeps one bit per branch in a 64-bit mask (Tokio's select! has the same limit).
        error(diags, stmt->getIfLoc(), "a select has at most " + std::to_string(maxBranches) + " branches");
        ok = false;
    }
    if (const Stmt* e = stmt->getElse()) {
        UseFinder uses(out.var);
        uses.TraverseStmt(const_cast<Stmt*>(e));
        for (const DeclRefExpr* r : uses.refs) {
            error(diags, r->getLocation(), "'" + out.var->getNameAsString() + "' cannot be used in the select's else");
            ok = false;
        }
    }
    return ok;
}

std::pair<unsigned, unsigned> selectRange(const Select& s, ASTContext& ctx) {
    const auto& sm = ctx.getSourceManager();
    const Stmt* last = s.stmt->getElse() ? s.stmt->getElse() : s.stmt->getThen();
    return {offsetOf(s.stmt->getIfLoc(), sm), stmtEnd(last, ctx)};
}

}  // namespace rtcg
