// imports.hpp — parsing a TU that `import rt.*;` without any BMI: each `import rt.X;` is blanked
// out (same length, so every offset, line and column stays put) in an in-memory copy of the file,
// and the matching header <rt/X.hpp> is force-included instead (`-include rt/X.hpp`). Headers are
// rt's source of truth, so the parse sees the same declarations the module exports. The generated
// file keeps the `import` lines untouched. Other imports are left alone (they need real BMIs).
#pragma once

#include <string>
#include <vector>

#include "llvm/ADT/StringRef.h"

namespace rtcg {

struct RtImport {
    unsigned begin = 0, end = 0;  // `import rt.net;` including the ';'
    std::string module;           // rt.net
    std::string header;           // rt/net.hpp
};

/// The `import rt...;` declarations of `text`, each first on its line (comments and string
/// literals are skipped).
std::vector<RtImport> findRtImports(llvm::StringRef text);

/// `text` with each import replaced by spaces.
std::string blankImports(llvm::StringRef text, const std::vector<RtImport>& imports);

}  // namespace rtcg
