// imports.cpp — finds `import rt.X;` lines (see imports.hpp).
#include "imports.hpp"

#include <cctype>

namespace rtcg {
namespace {

bool identChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

// Skips spaces, tabs and comments (not newlines when stopAtNewline) from i; returns the new index.
size_t skipBlanks(llvm::StringRef t, size_t i, bool stopAtNewline) {
    while (i < t.size()) {
        if (t[i] == ' ' || t[i] == '\t' || t[i] == '\r' || (!stopAtNewline && t[i] == '\n')) {
            ++i;
        } else if (t.substr(i).starts_with("/*")) {
            size_t e = t.find("*/", i + 2);
            i = e == llvm::StringRef::npos ? t.size() : e + 2;
        } else {
            break;
        }
    }
    return i;
}

// Tries to read `import rt(.name)* ;` at i; fills `imp` on success.
bool readImport(llvm::StringRef t, size_t i, RtImport& imp) {
    if (!t.substr(i).starts_with("import") || (i + 6 < t.size() && identChar(t[i + 6]))) return false;
    size_t j = skipBlanks(t, i + 6, false);
    std::string module;
    for (;;) {
        size_t s = j;
        while (j < t.size() && identChar(t[j])) ++j;
        if (s == j) return false;
        module += t.substr(s, j - s).str();
        j = skipBlanks(t, j, false);
        if (j < t.size() && t[j] == '.') {
            module += '.';
            j = skipBlanks(t, j + 1, false);
            continue;
        }
        break;
    }
    if (j >= t.size() || t[j] != ';') return false;
    if (module != "rt" && !llvm::StringRef(module).starts_with("rt.")) return false;
    imp.begin = static_cast<unsigned>(i);
    imp.end = static_cast<unsigned>(j + 1);
    imp.module = module;
    std::string path = module == "rt" ? "rt.rt" : module;
    for (char& c : path)
        if (c == '.') c = '/';
    imp.header = path + ".hpp";
    return true;
}

}  // namespace

std::vector<RtImport> findRtImports(llvm::StringRef t) {
    std::vector<RtImport> result;
    bool lineStart = true;
    for (size_t i = 0; i < t.size();) {
        char c = t[i];
        if (c == '\n') {
            lineStart = true;
            ++i;
        } else if (c == ' ' || c == '\t' || c == '\r') {
            ++i;
        } else if (t.substr(i).starts_with("//")) {
            size_t e = t.find('\n', i);
            i = e == llvm::StringRef::npos ? t.size() : e;
        } else if (t.substr(i).starts_with("/*")) {
            size_t e = t.find("*/", i + 2);
            i = e == llvm::StringRef::npos ? t.size() : e + 2;
        } else if (c == '"' || c == '\'') {
            bool raw = c == '"' && i > 0 && t[i - 1] == 'R';
            if (raw) {
                size_t open = t.find('(', i);
                std::string close = ")" + t.substr(i + 1, open - i - 1).str() + "\"";
                size_t e = open == llvm::StringRef::npos ? t.size() : t.find(close, open);
                i = e == llvm::StringRef::npos ? t.size() : e + close.size();
            } else {
                size_t j = i + 1;
                while (j < t.size() && t[j] != c && t[j] != '\n') j += t[j] == '\\' ? 2 : 1;
                i = j + 1;
            }
            lineStart = false;
        } else {
            RtImport imp;
            if (lineStart && readImport(t, i, imp)) {
                result.push_back(imp);
                i = imp.end;
            } else {
                size_t s = i;
                while (i < t.size() && identChar(t[i])) ++i;
                if (i == s) ++i;
            }
            lineStart = false;
        }
    }
    return result;
}

std::string blankImports(llvm::StringRef text, const std::vector<RtImport>& imports) {
    std::string s = text.str();
    for (const RtImport& imp : imports)
        for (unsigned i = imp.begin; i < imp.end; ++i)
            if (s[i] != '\n') s[i] = ' ';
    return s;
}

}  // namespace rtcg
