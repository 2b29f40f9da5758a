// mains.hpp — "one [[rt::main]] per program" across translation units. Each rt-codegen run can
// record the mains it generated (--mains-file); `rt-codegen --check-mains FILE...` reads the records
// of one program's sources and reports a second main in clang's diagnostic format.
#pragma once

#include <string>
#include <vector>

#include "llvm/ADT/StringRef.h"

namespace rtcg {

struct MainRecord {
    std::string file;
    unsigned line = 0, col = 0;
    std::string function;
};

/// One line per record: `file:line:col function`.
std::string formatMainRecords(const std::vector<MainRecord>& records);

/// Prints an error for each main after the first; returns the exit code (0: at most one main).
int checkMainRecords(const std::vector<MainRecord>& records);

/// Reads the record files and checks them together (see checkMainRecords).
int checkMains(const std::vector<std::string>& files);

}  // namespace rtcg
