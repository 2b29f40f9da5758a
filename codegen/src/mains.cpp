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

int checkMainRecords(const std::vector<MainRecord>& records) {
    if (records.size() <= 1) return 0;
    auto where = [](const MainRecord& r) {
        return r.file + ":" + std::to_string(r.line) + ":" + std::to_string(r.col);
    };
    for (size_t i = 1; i < records.size(); ++i) {
        llvm::errs() << where(records[i]) << ": error: a second [[rt::main]] ('" << records[i].function
                     << "') in one program; a program has one main\n";
        llvm::errs() << where(records[0]) << ": note: the first [[rt::main]] ('" << records[0].function
                     << "') is here\n";
    }
    return 1;
}

int checkMains(const std::vector<std::string>& files) {
    std::vector<MainRecord> records;
    for (const std::string& f : files) {
        auto buf = llvm::MemoryBuffer::getFile(f);
        if (!buf) {
            llvm::errs() << "rt-codegen: error: cannot read '" << f << "': " << buf.getError().message() << "\n";
            return 2;
        }
        llvm::SmallVector<llvm::StringRef, 4> lines;
        (*buf)->getBuffer().split(lines, '\n', -1, false);
        for (llvm::StringRef l : lines) {
            // file:line:col function (the file may itself contain ':')
            auto [loc, fn] = l.trim().rsplit(' ');
            auto [fileLine, col] = loc.rsplit(':');
            auto [file, line] = fileLine.rsplit(':');
            MainRecord r{file.str(), 0, 0, fn.str()};
            if (loc.empty() || line.getAsInteger(10, r.line) || col.getAsInteger(10, r.col)) continue;
            records.push_back(r);
        }
    }
    return checkMainRecords(records);
}

}  // namespace rtcg
