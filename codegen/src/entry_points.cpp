// entry_points.cpp — [[rt::main]] / [[rt::test]] checks and generated entry points.
#include "entry_points.hpp"

#include "clang/AST/DeclCXX.h"
#include "clang/AST/DeclTemplate.h"
#include "diag.hpp"

using namespace clang;

namespace rtcg {
namespace {

bool isIdentifier(llvm::StringRef s) {
    if (s.empty() || std::isdigit(static_cast<unsigned char>(s[0]))) return false;
    return llvm::all_of(s, [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; });
}

bool readOptions(const AttrUse& use, bool isTest, DiagnosticsEngine& diags, RuntimeOptions& o) {
    const char* attr = isTest ? "rt::test" : "rt::main";
    static const llvm::StringRef mainNames[] = {"flavor", "worker_threads", "start_paused", "rng_seed"};
    static const llvm::StringRef testNames[] = {"flavor", "worker_threads", "start_paused", "rng_seed",
                                                "suite", "deterministic", "seeds"};
    if (!checkOptionNames(use, attr, isTest ? llvm::ArrayRef(testNames) : llvm::ArrayRef(mainNames), diags))
        return false;
    bool ok = true;
    auto bad = [&](const Option& opt, const std::string& expected) {
        error(diags, opt.value.kind == OptionValue::None ? opt.loc : opt.value.loc,
              "invalid value for '" + opt.name + "': expected " + expected);
        ok = false;
    };
    o.multiThread = !isTest;
    const Option* workers = nullptr;
    const Option* paused = nullptr;
    const Option* deterministic = nullptr;
    const Option* seeds = nullptr;
    bool flavorGiven = false;
    for (const Option& opt : use.options) {
        const OptionValue& v = opt.value;
        if (opt.name == "flavor") {
            if (v.kind == OptionValue::String && (v.text == "current_thread" || v.text == "multi_thread")) {
                o.multiThread = v.text == "multi_thread";
                flavorGiven = true;
            } else {
                bad(opt, "\"current_thread\" or \"multi_thread\"");
            }
        } else if (opt.name == "worker_threads") {
            if (v.kind == OptionValue::Integer && !v.negative && v.integer > 0) {
                o.workerThreads = v.integer;
                workers = &opt;
            } else {
                bad(opt, "a positive integer");
            }
        } else if (opt.name == "start_paused") {
            if (v.kind == OptionValue::Bool) {
                o.startPaused = v.boolean;
                paused = &opt;
            } else {
                bad(opt, "true or false");
            }
        } else if (opt.name == "rng_seed") {
            if (v.kind == OptionValue::Integer && !v.negative)
                o.rngSeed = v.integer;
            else
                bad(opt, "a non-negative integer");
        } else if (opt.name == "deterministic") {
            if (v.kind == OptionValue::Bool) {
                o.deterministic = v.boolean;
                deterministic = &opt;
            } else {
                bad(opt, "true or false");
            }
        } else if (opt.name == "seeds") {
            if (v.kind == OptionValue::Integer && !v.negative && v.integer > 0) {
                o.seeds = v.integer;
                seeds = &opt;
            } else {
                bad(opt, "a positive integer");
            }
        } else if (opt.name == "suite") {
            if (v.kind == OptionValue::String && isIdentifier(v.text))
                o.suite = v.text;
            else
                bad(opt, "a string holding a C++ identifier");
        }
    }
    if (!ok) return false;
    if (workers && !o.multiThread) {
        error(diags, workers->loc,
              std::string("'worker_threads' requires the multi-thread runtime; add flavor = \"multi_thread\"") +
                  (flavorGiven ? "" : (isTest ? " (tests default to current_thread)" : "")));
        return false;
    }
    if (deterministic && o.deterministic && o.multiThread) {
        error(diags, deterministic->loc, "'deterministic' requires the current-thread runtime; remove flavor = \"multi_thread\"");
        return false;
    }
    if (seeds && !o.deterministic) {
        error(diags, seeds->loc, "'seeds' requires deterministic = true");
        return false;
    }
    if (paused && *o.startPaused && o.multiThread) {
        error(diags, paused->loc,
              std::string("'start_paused' requires the current-thread runtime; add flavor = \"current_thread\"") +
                  (flavorGiven ? "" : " ([[rt::main]] defaults to multi_thread)"));
        return false;
    }
    return true;
}

// `::a::b::f`, skipping anonymous namespaces; false for members and local functions.
bool qualifiedCallee(const FunctionDecl* fd, std::string& out) {
    std::string name = fd->getNameAsString();
    for (const DeclContext* dc = fd->getDeclContext(); !dc->isTranslationUnit(); dc = dc->getParent()) {
        if (const auto* ns = dyn_cast<NamespaceDecl>(dc)) {
            if (!ns->isAnonymousNamespace()) name = ns->getNameAsString() + "::" + name;
        } else if (!isa<LinkageSpecDecl>(dc)) {
            return false;
        }
    }
    out = "::" + name;
    return true;
}

std::string builderChain(const RuntimeOptions& o) {
    std::string s = "::rt::runtime::builder()";
    s += o.multiThread ? ".multi_thread()" : ".current_thread()";
    if (o.workerThreads) s += ".worker_threads(" + std::to_string(*o.workerThreads) + ")";
    if (o.startPaused) s += std::string(".start_paused(") + (*o.startPaused ? "true" : "false") + ")";
    if (o.deterministic) {
        s += ".deterministic(rt_seed)";  // the loop variable of generateTest's seed loop
    } else if (o.rngSeed) {
        s += ".rng_seed(" + std::to_string(*o.rngSeed) + "ull)";
    }
    return s + ".build()";
}

}  // namespace

QualType taskResultType(QualType t) {
    const auto* spec =
        dyn_cast_or_null<ClassTemplateSpecializationDecl>(t.getCanonicalType()->getAsCXXRecordDecl());
    if (!spec || spec->getSpecializedTemplate()->getQualifiedNameAsString() != "rt::task") return {};
    const TemplateArgumentList& args = spec->getTemplateArgs();
    if (args.size() < 1 || args[0].getKind() != TemplateArgument::Type) return {};
    return args[0].getAsType();
}

bool analyzeEntryPoint(const FunctionDecl* fd, bool isTest, const AttrUse& use, ASTContext& ctx,
                       EntryPoint& out) {
    DiagnosticsEngine& diags = ctx.getDiagnostics();
    const char* attr = isTest ? "[[rt::test]]" : "[[rt::main]]";
    out.isTest = isTest;
    out.loc = use.nameLoc;
    out.name = fd->getNameAsString();
    bool ok = readOptions(use, isTest, diags, out.options);
    if (fd->isTemplated() || fd->getTemplatedKind() != FunctionDecl::TK_NonTemplate) {
        error(diags, fd->getLocation(), std::string(attr) + " cannot be applied to a template");
        return false;
    }
    if (!qualifiedCallee(fd, out.callee)) {
        error(diags, fd->getLocation(),
              std::string(attr) + " must be applied to a free function, not a member or local function");
        return false;
    }
    if (fd->isMain()) {
        error(diags, fd->getLocation(),
              std::string(attr) + " function cannot be named 'main': rt-codegen writes main() itself");
        return false;
    }
    QualType result = taskResultType(fd->getReturnType());
    std::string expected = isTest ? "rt::task<void>" : "rt::task<int> or rt::task<void>";
    bool resultOk = !result.isNull() &&
                    (result->isVoidType() || (!isTest && result.getCanonicalType() == ctx.IntTy));
    if (!resultOk) {
        error(diags, fd->getLocation(),
              std::string(attr) + " requires a coroutine returning " + expected + "; '" + out.name +
                  "' returns '" + fd->getReturnType().getAsString() + "'");
        return false;
    }
    out.returnsInt = !result->isVoidType();
    unsigned n = fd->getNumParams();
    bool paramsOk = n == 0;
    if (!isTest && n == 2) {
        QualType charPP = ctx.getPointerType(ctx.getPointerType(ctx.CharTy));
        paramsOk = fd->getParamDecl(0)->getType().getCanonicalType().getUnqualifiedType() == ctx.IntTy &&
                   fd->getParamDecl(1)->getType().getCanonicalType().getUnqualifiedType() ==
                       charPP.getCanonicalType();
        out.takesArgs = paramsOk;
    }
    if (!paramsOk) {
        error(diags, fd->getLocation(),
              std::string(attr) + (isTest ? " function must take no parameters"
                                          : " function must take () or (int argc, char** argv)"));
        return false;
    }
    return ok;
}

std::string generateMain(const EntryPoint& e) {
    std::string args = e.takesArgs ? "rt_argc, rt_argv" : "";
    std::string s;
    s += "// [[rt::main]] " + e.callee + ": build the runtime, run the task; its result is the exit code.\n";
    s += e.takesArgs ? "int main(int rt_argc, char** rt_argv) {\n" : "int main() {\n";
    s += "    try {\n";
    s += "        auto rt_runtime = " + builderChain(e.options) + ";\n";
    if (e.returnsInt) {
        s += "        return rt_runtime.block_on(" + e.callee + "(" + args + "));\n";
    } else {
        s += "        rt_runtime.block_on(" + e.callee + "(" + args + "));\n";
        s += "        return 0;\n";
    }
    s += "    } catch (const ::std::exception& rt_error) {\n";
    s += "        ::std::fprintf(stderr, \"error: %s\\n\", rt_error.what());\n";
    s += "        return 1;\n";
    s += "    } catch (...) {\n";
    s += "        ::std::fputs(\"error: unknown exception\\n\", stderr);\n";
    s += "        return 1;\n";
    s += "    }\n";
    s += "}\n";
    return s;
}

std::string generateTest(const EntryPoint& e, llvm::StringRef defaultSuite) {
    std::string suite = e.options.suite.empty() ? defaultSuite.str() : e.options.suite;
    std::string s;
    s += "// [[rt::test]] " + e.callee + ": runs on a fresh runtime.\n";
    s += "TEST(" + suite + ", " + e.name + ") {\n";
    if (!e.options.deterministic) {
        s += "    auto rt_runtime = " + builderChain(e.options) + ";\n";
        s += "    rt_runtime.block_on(" + e.callee + "());\n";
        s += "}\n";
        return s;
    }
    // Deterministic: one fresh runtime per seed; the first failing seed stops the loop and is
    // named (with the replay command) in every failure it produced.
    const std::uint64_t first = e.options.rngSeed.value_or(0);
    const std::uint64_t count = e.options.seeds.value_or(1);
    s += "    for (const ::std::uint64_t rt_seed : ::rt::deterministic_seeds(" + std::to_string(first) + "ull, " +
         std::to_string(count) + "ull)) {\n";
    s += "        SCOPED_TRACE(::rt::deterministic_seed_note(rt_seed));\n";
    s += "        try {\n";
    s += "            auto rt_runtime = " + builderChain(e.options) + ";\n";
    s += "            rt_runtime.block_on(" + e.callee + "());\n";
    s += "        } catch (const ::std::exception& rt_error) {\n";
    s += "            ADD_FAILURE() << \"exception: \" << rt_error.what();\n";
    s += "        } catch (...) {\n";
    s += "            ADD_FAILURE() << \"unknown exception\";\n";
    s += "        }\n";
    s += "        if (::testing::Test::HasFailure()) break;\n";
    s += "    }\n";
    s += "}\n";
    return s;
}

}  // namespace rtcg
