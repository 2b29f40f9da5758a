// mains.cpp — writes and checks the per-source records of generated mains (see mains.hpp).
#include "mains.hpp"

#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

namespace rtcg {

std::string formatMainRecords(const std::vector<MainRecord>& records) {
    std::string s;
    for (const MainRecord& r : records)
        s += r.file + ":" + std::to_string(r.line) + ":" + std::to_string(r.col) + " " + r.function + "\n";
    return s;
}

int checkMains(const std::vector<std::string>& files) {
    std::vector<std::string> mains;  // "file:line:col function"
    for (const std::string& f : files) {
        auto buf = llvm::MemoryBuffer::getFile(f);
        if (!buf) {
            llvm::errs() << "rt-codegen: error: cannot read '" << f << "': " << buf.getError().message() << "\n";
            return 2;
        }
        llvm::SmallVector<llvm::StringRef, 4> lines;
        (*buf)->getBuffer().split(lines, '\n', -1, false);
        for (llvm::StringRef l : lines)
            if (!l.trim().empty()) mains.push_back(l.trim().str());
    }
    if (mains.size() <= 1) return 0;
    auto [firstLoc, firstFn] = llvm::StringRef(mains[0]).split(' ');
    for (size_t i = 1; i < mains.size(); ++i) {
        auto [loc, fn] = llvm::StringRef(mains[i]).split(' ');
        llvm::errs() << loc << ": error: a second [[rt::main]] ('" << fn
                     << "') in one program; a program has one main\n";
        llvm::errs() << firstLoc << ": note: the first [[rt::main]] ('" << firstFn << "') is here\n";
    }
    return 1;
}

}  // namespace rtcg
