// select_emit.cpp — writes the state machine of a [[rt::select]] (see select.hpp). Names are
// rt_sel<N>_*, N counting selects in source order, so the output is deterministic.
#include "select.hpp"
#include "source.hpp"
#include "clang/AST/Expr.h"

using namespace clang;

namespace rtcg {
namespace {

std::string num(size_t n) { return std::to_string(n); }

// Bit i of the struct's masks, as a C++ literal.
std::string bit(size_t i) { return "(1ull << " + num(i) + ")"; }

// Up to this many branches, poll() switches on the start branch and tries the branches in a
// fixed rotated order per case (n*n calls, no loop); beyond it, one loop over a switch.
constexpr size_t unrolledBranches = 4;

// The local struct holding the branch futures and the winner's result. Invariants: bit i of
// `live` is set while future i is constructed (owned futures only), bit i of `on` while branch i
// is still polled; a result r<i> is alive only between poll() returning i and take<i>().
std::string selectStruct(const Select& s, const std::string& p) {
    size_t n = s.branches.size();
    std::string o;
    o += "struct " + p + " {\n";
    for (size_t i = 0; i < n; ++i) {
        std::string I = num(i);
        if (s.branches[i].byReference)
            o += "    " + p + "_F" + I + " f" + I + " = nullptr;\n";
        else
            o += "    union { " + p + "_F" + I + " f" + I + "; };\n";
    }
    o += "    union {";
    for (size_t i = 0; i < n; ++i) o += " " + p + "_R" + num(i) + " r" + num(i) + ";";
    o += " };\n";
    o += "    unsigned long long live = 0;  // bit i: future i constructed (owned futures only)\n";
    o += "    unsigned long long on = 0;    // bit i: branch i still polled\n";
    o += "    " + p + "() noexcept {}\n";
    o += "    " + p + "(const " + p + "&) = delete;\n";
    o += "    " + p + "& operator=(const " + p + "&) = delete;\n";
    o += "    ~" + p + "() { drop(); }\n";
    o += "    void drop() noexcept {  // destroys every branch future: the losers and the winner\n";
    for (size_t i = 0; i < n; ++i)
        if (!s.branches[i].byReference)
            o += "        if (live & " + bit(i) + ") f" + num(i) + ".~" + p + "_F" + num(i) + "();\n";
    o += "        live = 0;\n";
    o += "        on = 0;\n";
    o += "    }\n";
    for (size_t i = 0; i < n; ++i) {
        std::string I = num(i), R = p + "_R" + I;
        o += "    " + R + " take" + I + "() { ::rt::detail::select_result_guard<" + R + "> rt_g{r" + I +
             "}; return static_cast<" + R + "&&>(r" + I + "); }\n";
    }
    for (size_t i = 0; i < n; ++i) {
        std::string I = num(i);
        o += "    bool try" + I + "(::rt::context& rt_cx) {\n";
        o += "        if (!(on & " + bit(i) + ")) return false;\n";
        o += std::string("        auto rt_p = f") + I + (s.branches[i].byReference ? "->" : ".") + "poll(rt_cx);\n";
        o += "        if (!rt_p.is_ready()) return false;\n";
        o += "        on &= ~" + bit(i) + ";\n";
        o += "        ::new (static_cast<void*>(__builtin_addressof(r" + I + "))) " + p + "_R" + I +
             "(::rt::detail::select_take(rt_p));\n";
        o += "        return true;\n";
        o += "    }\n";
    }
    auto attempt = [&](size_t i, const std::string& indent) {
        return indent + "if (try" + num(i) + "(rt_cx)) return " + num(i) + "u;\n";
    };
    o += "    ::rt::poll_result<unsigned> poll(::rt::context& rt_cx) {\n";
    if (s.biased || n == 1) {
        o += "        // biased: in written order\n";
        for (size_t i = 0; i < n; ++i) o += attempt(i, "        ");
    } else if (n <= unrolledBranches) {
        o += "        switch (::rt::detail::select_random(" + num(n) + ")) {  // the start branch\n";
        for (size_t start = 0; start < n; ++start) {
            o += start + 1 < n ? "        case " + num(start) + ":\n" : std::string("        default:\n");
            for (size_t k = 0; k < n; ++k) o += attempt((start + k) % n, "            ");
            o += "            break;\n";
        }
        o += "        }\n";
    } else {
        o += "        const unsigned start = ::rt::detail::select_random(" + num(n) + ");\n";
        o += "        for (unsigned k = 0; k < " + num(n) + "; ++k) {\n";
        o += "            unsigned b = start + k;\n";
        o += "            if (b >= " + num(n) + ") b -= " + num(n) + ";\n";
        o += "            switch (b) {\n";
        for (size_t i = 0; i < n; ++i) {
            o += "            case " + num(i) + ":\n";
            o += attempt(i, "                ");
            o += "                break;\n";
        }
        o += "            }\n";
        o += "        }\n";
    }
    o += "        if (on) return ::rt::pending;\n";
    o += "        return " + num(n) + "u;  // every branch disabled\n";
    o += "    }\n";
    o += "};\n";
    o += p + " " + p + "_s;";
    return o;
}

}  // namespace

void emitSelect(const Select& s, ASTContext& ctx, Output& out) {
    const auto& sm = ctx.getSourceManager();
    std::string p = "rt_sel" + num(s.id);
    size_t n = s.branches.size();
    auto userStmt = [&](const Stmt* st) { out.user(offsetOf(st->getBeginLoc(), sm), stmtEnd(st, ctx)); };
    auto userExpr = [&](const Expr* e) {
        out.user(offsetOf(e->getBeginLoc(), sm), tokenEnd(e->getEndLoc(), ctx));
    };
    PresumedLoc where = sm.getPresumedLoc(s.stmt->getIfLoc());
    out.gen("{  // [[rt::select]] at line " + num(where.getLine()) + (s.biased ? ", biased" : ""));
    if (n == 0) {
        // Still an await (ready at once), as every select is: it keeps the function a coroutine.
        out.gen("struct " + p + " {\n    ::rt::poll_result<unsigned> poll(::rt::context&) { return 0u; }\n};\n"
                "co_await " + p + "{};");
        if (s.stmt->getElse())
            userStmt(s.stmt->getElse());
        else
            out.gen("::rt::detail::select_all_disabled();");
        out.gen("}");
        return;
    }
    for (size_t i = 0; i < n; ++i) {
        const SelectBranch& b = s.branches[i];
        std::string I = num(i);
        out.gen("auto " + p + "_f" + I + " = [&] { return " + (b.byReference ? "__builtin_addressof(" : "("));
        userExpr(b.future);
        out.gen("); };");
        out.gen("using " + p + "_F" + I + " = decltype(" + p + "_f" + I + "());");
        out.gen("using " + p + "_R" + I + " = ::rt::select_output_t<" +
                (b.byReference ? "decltype(*" + p + "_f" + I + "())" : p + "_F" + I) + ">;");
    }
    out.gen(selectStruct(s, p));
    for (size_t i = 0; i < n; ++i) {
        const SelectBranch& b = s.branches[i];
        std::string I = num(i);
        if (b.precondition) {
            out.gen("if (");
            userExpr(b.precondition);
            out.gen(") {");
        } else {
            out.gen("{");
        }
        if (b.byReference)
            out.gen("    " + p + "_s.f" + I + " = " + p + "_f" + I + "();");
        else
            out.gen("    ::new (static_cast<void*>(__builtin_addressof(" + p + "_s.f" + I + "))) " + p + "_F" + I +
                    "(" + p + "_f" + I + "());\n    " + p + "_s.live |= " + bit(i) + ";");
        out.gen("    " + p + "_s.on |= " + bit(i) + ";\n}");
    }
    out.gen(p + "_again:\nunsigned " + p + "_i = co_await " + p + "_s;");
    for (size_t i = 0; i < n; ++i) {
        const SelectBranch& b = s.branches[i];
        std::string I = num(i);
        out.gen(std::string(i ? "} else " : "") + "if (" + p + "_i == " + I + "u) {");
        // The branch's own `if`, with s.on(...) replaced by the winner's result.
        unsigned callBegin = offsetOf(b.call->getBeginLoc(), sm);
        unsigned callEnd = tokenEnd(b.call->getEndLoc(), ctx);
        out.user(offsetOf(b.stmt->getIfLoc(), sm), callBegin);
        out.inlineGen(p + "_s.take" + I + "()");
        out.user(callEnd, tokenEnd(b.stmt->getRParenLoc(), ctx));
        out.gen("{ " + p + "_s.drop();");
        userStmt(b.stmt->getThen());
        out.gen("} else goto " + p + "_again;");
    }
    out.gen("} else {");
    if (s.stmt->getElse())
        userStmt(s.stmt->getElse());
    else
        out.gen("::rt::detail::select_all_disabled();");
    out.gen("}\n}");
}

}  // namespace rtcg
