// tool.cpp — rt-codegen's command line: parse each source with its real flags (-p build dir with
// compile_commands.json, or the flags after `--`), write the generated file (-o, one per source),
// optionally a record of its mains and a depfile. `--check` only diagnoses; `--check-mains` checks
// the records of one program (see mains.hpp). Usage and options: docs/api/macros.md.
#include <cstdio>

#include "clang/Tooling/ArgumentsAdjusters.h"
#include "clang/Tooling/CommonOptionsParser.h"
#include "clang/Tooling/Tooling.h"
#include "generator.hpp"
#include "imports.hpp"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

using namespace clang::tooling;
namespace cl = llvm::cl;

static cl::OptionCategory category("rt-codegen options");
static cl::list<std::string> outputs("o", cl::desc("Generated file, one -o per source (default: stdout)"),
                                     cl::value_desc("file"), cl::cat(category));
static cl::opt<bool> checkOnly("check", cl::desc("Only diagnose; write nothing"), cl::cat(category));
static cl::opt<std::string> mainsFile("mains-file",
                                      cl::desc("Write the [[rt::main]]s found to this file (for --check-mains)"),
                                      cl::value_desc("file"), cl::cat(category));
static cl::opt<bool> checkMainsMode("check-mains",
                                    cl::desc("The positional arguments are --mains-file records of one program: "
                                             "fail if they hold more than one main"),
                                    cl::cat(category));
static cl::opt<std::string> depFile("depfile", cl::desc("Write a Makefile-style depfile for the (single) output"),
                                    cl::value_desc("file"), cl::cat(category));
static cl::opt<std::string> resourceDir("resource-dir", cl::desc("Clang resource directory (builtin headers)"),
                                        cl::init(RT_CODEGEN_RESOURCE_DIR), cl::cat(category));

static std::string absolute(llvm::StringRef p) {
    llvm::SmallString<256> s(p);
    llvm::sys::fs::make_absolute(s);
    llvm::sys::path::remove_dots(s, true);
    return std::string(s);
}

static bool writeFile(const std::string& path, llvm::StringRef text) {
    std::error_code ec;
    llvm::raw_fd_ostream os(path, ec);
    if (ec) {
        llvm::errs() << "rt-codegen: error: cannot write '" << path << "': " << ec.message() << "\n";
        return false;
    }
    os << text;
    return true;
}

// Drops what only a real compile of a module build needs (BMI maps and outputs): rt-codegen maps
// `import rt.X;` to headers and never reads BMIs. Also drops -I of the system include folders.
static CommandLineArguments dropModuleFlags(const CommandLineArguments& args, llvm::StringRef) {
    CommandLineArguments out;
    for (size_t i = 0; i < args.size(); ++i) {
        llvm::StringRef a = args[i];
        if ((a.starts_with("@") && a.ends_with(".modmap")) || a.starts_with("-fmodule-file=") ||
            a.starts_with("-fmodule-output") || a == "-fmodules-reduced-bmi")
            continue;
        // A target's include directories can name the system ones (GTest's do); as -I they would
        // come before the C++ library's own and break its #include_next.
        if (a == "-I/usr/include" || a == "-I/usr/local/include") continue;
        out.push_back(args[i]);
    }
    return out;
}

static int generateOne(CompilationDatabase& db, const std::string& source, const std::string& output,
                       std::vector<rtcg::MainRecord>& mains) {
    std::string userPath = absolute(source);
    std::string outPath = output.empty() ? "<stdout>" : absolute(output);
    auto buffer = llvm::MemoryBuffer::getFile(userPath);
    if (!buffer) {
        llvm::errs() << "rt-codegen: error: cannot read '" << source << "': " << buffer.getError().message() << "\n";
        return 1;
    }
    llvm::StringRef text = (*buffer)->getBuffer();
    std::vector<rtcg::RtImport> imports = rtcg::findRtImports(text);

    ClangTool tool(db, {userPath});
    tool.setPrintErrorMessage(false);  // the diagnostics say it all
    std::string overlay = rtcg::blankImports(text, imports);  // must outlive tool.run
    if (!imports.empty()) tool.mapVirtualFile(userPath, overlay);
    tool.appendArgumentsAdjuster(dropModuleFlags);
    tool.appendArgumentsAdjuster(
        getInsertArgumentAdjuster(("-resource-dir=" + resourceDir).c_str(), ArgumentInsertPosition::BEGIN));
    // -w: the compiler reports warnings when it builds the generated file; here they would be noise
    // (a function whose only co_await is in a select is no coroutine until it is rewritten).
    CommandLineArguments extra = {"-DRT_CODEGEN_PARSING=1", "-w"};
    for (const rtcg::RtImport& imp : imports) {
        extra.push_back("-include");
        extra.push_back(imp.header);
    }
    if (!depFile.empty() && !output.empty()) {
        for (const char* a : {"-MMD", "-MF"}) extra.push_back(a);
        extra.push_back(absolute(depFile));
        extra.push_back("-MT");
        extra.push_back(output);
    }
    tool.appendArgumentsAdjuster(getInsertArgumentAdjuster(extra, ArgumentInsertPosition::END));

    rtcg::GenerateResult result;
    auto factory = rtcg::makeGenerateFactory(userPath, outPath, text, result);
    int rc = tool.run(factory.get());
    if (rc != 0 || !result.ok) return 1;
    mains.insert(mains.end(), result.mains.begin(), result.mains.end());
    if (checkOnly) return 0;
    if (output.empty()) {
        llvm::outs() << result.text;
        return 0;
    }
    return writeFile(output, result.text) ? 0 : 1;
}

int main(int argc, const char** argv) {
    // --check-mains reads record files, not sources: no compilation database to look for.
    for (int i = 1; i < argc; ++i) {
        llvm::StringRef a = argv[i];
        if (a != "--check-mains" && a != "-check-mains") continue;
        std::vector<std::string> files;
        for (int j = 1; j < argc; ++j)
            if (j != i && llvm::StringRef(argv[j]) != "--") files.push_back(argv[j]);
        return rtcg::checkMains(files);
    }
    auto parser = CommonOptionsParser::create(
        argc, argv, category, cl::ZeroOrMore,
        "rt-codegen: rewrites [[rt::main]], [[rt::test]] and [[rt::select]] into plain C++.\n"
        "  rt-codegen SOURCE -o OUT [-p BUILD_DIR | -- FLAGS...]\n"
        "  rt-codegen --check-mains RECORD...\n");
    if (!parser) {
        llvm::errs() << parser.takeError();
        return 2;
    }
    const std::vector<std::string>& sources = parser->getSourcePathList();
    if (sources.empty()) {
        llvm::errs() << "rt-codegen: error: no source file given\n";
        return 2;
    }
    if (!checkOnly && !outputs.empty() && outputs.size() != sources.size()) {
        llvm::errs() << "rt-codegen: error: give one -o per source (" << sources.size() << " sources, "
                     << outputs.size() << " -o)\n";
        return 2;
    }
    if (!checkOnly && outputs.empty() && sources.size() > 1) {
        llvm::errs() << "rt-codegen: error: several sources need one -o each\n";
        return 2;
    }
    int rc = 0;
    std::vector<rtcg::MainRecord> mains;  // of all sources: one program has one main
    for (size_t i = 0; i < sources.size(); ++i) {
        std::string out = outputs.empty() ? "" : outputs[i];
        if (generateOne(parser->getCompilations(), sources[i], out, mains) != 0) rc = 1;
    }
    if (rtcg::checkMainRecords(mains) != 0) rc = 1;
    if (rc == 0 && !checkOnly && !mainsFile.empty() && !writeFile(mainsFile, rtcg::formatMainRecords(mains))) rc = 1;
    return rc;
}
