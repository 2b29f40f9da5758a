// generator.hpp — the frontend action that turns one parsed TU into its generated source: finds
// the rt attributes in the AST, checks them, and writes the user's file with every annotation
// rewritten (entry points appended, selects lowered, attributes blanked) through Output.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "clang/Tooling/Tooling.h"
#include "mains.hpp"

namespace rtcg {

struct GenerateResult {
    bool ok = false;
    std::string text;               // the generated source
    std::vector<MainRecord> mains;  // the [[rt::main]]s it defines
};

/// Factory for ClangTool::run. `userPath` names the source in `#line`s, `outPath` the output;
/// `text` is the source as the user wrote it (what is parsed may differ only inside its imports).
std::unique_ptr<clang::tooling::FrontendActionFactory> makeGenerateFactory(std::string userPath,
                                                                           std::string outPath,
                                                                           llvm::StringRef text,
                                                                           GenerateResult& result);

}  // namespace rtcg
