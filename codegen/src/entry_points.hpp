// entry_points.hpp — [[rt::main]] and [[rt::test]]: checking the annotated function and its
// options, and writing the `int main` / GoogleTest `TEST` that runs it on a fresh runtime.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "options.hpp"

namespace rtcg {

struct RuntimeOptions {
    bool multiThread = false;
    std::optional<std::uint64_t> workerThreads;
    std::optional<bool> startPaused;
    std::optional<std::uint64_t> rngSeed;
    bool deterministic = false;            // [[rt::test]] only: builder::deterministic(seed)
    std::optional<std::uint64_t> seeds;    // [[rt::test]] only: how many seeds to run (default 1)
    std::string suite;  // [[rt::test]] only; empty: the file's stem
};

struct EntryPoint {
    bool isTest = false;
    std::string callee;      // fully qualified name to call, e.g. ::app::serve
    std::string name;        // unqualified name (the TEST name)
    bool takesArgs = false;  // (int, char**)
    bool returnsInt = false; // rt::task<int>
    RuntimeOptions options;
    clang::SourceLocation loc;
};

/// Checks `fd` and the attribute's options; reports errors and returns false on misuse.
bool analyzeEntryPoint(const clang::FunctionDecl* fd, bool isTest, const AttrUse& use,
                       clang::ASTContext& ctx, EntryPoint& out);

/// `int main(...) { build the runtime; block_on(f(...)); }`, exceptions -> stderr + exit 1.
std::string generateMain(const EntryPoint& e);
/// `TEST(suite, name) { build the runtime; block_on(name()); }`; with `deterministic = true`, once
/// per seed (rt::deterministic_seeds), reporting the failing seed and how to replay it.
std::string generateTest(const EntryPoint& e, llvm::StringRef defaultSuite);

/// The result type T of `rt::task<T>`, or a null type when `t` is not an rt::task.
clang::QualType taskResultType(clang::QualType t);

}  // namespace rtcg
