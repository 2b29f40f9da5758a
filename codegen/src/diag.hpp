// diag.hpp — rt-codegen's diagnostics: reported through clang's DiagnosticsEngine so they print in
// clang's own format (`file:line:col: error: ...` with a caret line) and make the tool exit non-zero.
#pragma once

#include "clang/Basic/Diagnostic.h"

namespace rtcg {

inline void report(clang::DiagnosticsEngine& d, clang::DiagnosticsEngine::Level level,
                   clang::SourceLocation loc, llvm::StringRef message) {
    d.Report(loc, d.getCustomDiagID(level, "%0")) << message;
}
inline void error(clang::DiagnosticsEngine& d, clang::SourceLocation loc, llvm::StringRef message) {
    report(d, clang::DiagnosticsEngine::Error, loc, message);
}
inline void note(clang::DiagnosticsEngine& d, clang::SourceLocation loc, llvm::StringRef message) {
    report(d, clang::DiagnosticsEngine::Note, loc, message);
}

}  // namespace rtcg
