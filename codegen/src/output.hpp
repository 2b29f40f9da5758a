// output.hpp — writes the generated source: the user's file with edits applied, plus synthesized
// code, keeping `#line` directives so that every character copied from the user's file is reported
// (by the compiler and the debugger) at its original line and column, and synthesized code at its
// real line in the generated file.
//
// Edits are non-overlapping or strictly nested ranges of the user's file; each has an emitter that
// writes its replacement, and may copy parts of its own range back with `user()`, which applies the
// edits nested inside those parts (so a select inside a select branch is rewritten too).
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "llvm/ADT/StringRef.h"

namespace rtcg {

class Output {
public:
    using Emitter = std::function<void(Output&)>;

    /// `text` is the user's file, `userPath` the name its `#line`s carry, `outPath` the generated
    /// file's own name (for `#line`s of synthesized code).
    Output(llvm::StringRef text, std::string userPath, std::string outPath);

    /// Registers a replacement of [begin, end) (offsets into the user's text).
    void addEdit(unsigned begin, unsigned end, Emitter emit);
    /// Replaces [begin, end) with spaces, keeping newlines (erasing an attribute keeps columns).
    void addBlank(unsigned begin, unsigned end);

    /// Copies the user's text [begin, end), applying the edits inside it.
    void user(unsigned begin, unsigned end);
    /// Writes synthesized code, on lines of its own, mapped to the generated file.
    void gen(llvm::StringRef code);
    /// Writes synthesized code in the middle of user code, keeping the user's line mapping (used for
    /// small substitutions, so a diagnostic about them points at the user's expression).
    void inlineGen(llvm::StringRef code);

    /// Writes the whole file: the preamble (synthesized), the user's text with all edits, the epilogue.
    std::string run(llvm::StringRef preamble, llvm::StringRef epilogue);

private:
    struct Edit {
        unsigned begin, end;
        Emitter emit;
    };
    void sync(unsigned offset);
    void copyRaw(unsigned begin, unsigned end);
    void put(char c);
    void putLineDirective(unsigned line, const std::string& path);
    void position(unsigned offset, unsigned& line, unsigned& col) const;

    llvm::StringRef text_;
    std::string userPath_, outPath_;
    std::vector<Edit> edits_;
    std::vector<unsigned> lineStarts_;
    std::string out_;
    unsigned outLine_ = 1;      // line number of the output line being written
    bool atLineStart_ = true;
    enum class Mode { None, User, Generated } mode_ = Mode::Generated;  // line 1 is line 1
    unsigned userLine_ = 0, userCol_ = 0;  // user position of the next character (Mode::User)
    bool colDirty_ = false;                // an inlineGen broke the column mapping of this line
};

}  // namespace rtcg
