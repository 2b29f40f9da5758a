// output.cpp — the `#line`-mapped writer (see output.hpp).
#include "output.hpp"

#include <algorithm>

namespace rtcg {

namespace {
std::string quoted(const std::string& path) {
    std::string q = "\"";
    for (char c : path) {
        if (c == '"' || c == '\\') q += '\\';
        q += c;
    }
    return q + "\"";
}
}  // namespace

Output::Output(llvm::StringRef text, std::string userPath, std::string outPath)
    : text_(text), userPath_(std::move(userPath)), outPath_(std::move(outPath)) {
    lineStarts_.push_back(0);
    for (unsigned i = 0; i < text_.size(); ++i)
        if (text_[i] == '\n') lineStarts_.push_back(i + 1);
}

void Output::addEdit(unsigned begin, unsigned end, Emitter emit) {
    edits_.push_back({begin, end, std::move(emit)});
}

void Output::addBlank(unsigned begin, unsigned end) {
    addEdit(begin, end, [this, begin, end](Output&) {
        sync(begin);
        for (unsigned i = begin; i < end; ++i) {
            bool nl = text_[i] == '\n';
            put(nl ? '\n' : ' ');
            if (nl) {
                ++userLine_;
                userCol_ = 1;
            } else {
                ++userCol_;
            }
        }
    });
}

void Output::position(unsigned offset, unsigned& line, unsigned& col) const {
    auto it = std::upper_bound(lineStarts_.begin(), lineStarts_.end(), offset);
    line = static_cast<unsigned>(it - lineStarts_.begin());
    col = offset - lineStarts_[line - 1] + 1;
}

void Output::put(char c) {
    out_ += c;
    if (c == '\n') {
        ++outLine_;
        atLineStart_ = true;
        colDirty_ = false;
    } else {
        atLineStart_ = false;
    }
}

void Output::putLineDirective(unsigned line, const std::string& path) {
    if (!atLineStart_) put('\n');
    std::string d = "#line " + std::to_string(line) + " " + quoted(path) + "\n";
    for (char c : d) put(c);
}

void Output::sync(unsigned offset) {
    unsigned line, col;
    position(offset, line, col);
    bool inSync = mode_ == Mode::User && userLine_ == line && (userCol_ == col || colDirty_);
    if (!inSync) {
        putLineDirective(line, userPath_);
        for (unsigned i = 1; i < col; ++i) put(' ');
        mode_ = Mode::User;
    }
    userLine_ = line;
    userCol_ = col;
}

void Output::copyRaw(unsigned begin, unsigned end) {
    if (begin >= end) return;
    sync(begin);
    for (unsigned i = begin; i < end; ++i) {
        put(text_[i]);
        if (text_[i] == '\n') {
            ++userLine_;
            userCol_ = 1;
        } else {
            ++userCol_;
        }
    }
}

void Output::user(unsigned begin, unsigned end) {
    unsigned pos = begin;
    // Edits are sorted by begin (ties: the outer, longer one first); the ones nested in an edit
    // that is applied here are skipped: that edit's emitter handles them.
    for (const Edit& e : edits_) {
        if (e.begin < pos || e.end > end) continue;
        copyRaw(pos, e.begin);
        e.emit(*this);
        pos = e.end;
    }
    copyRaw(pos, end);
}

void Output::gen(llvm::StringRef code) {
    if (mode_ != Mode::Generated) {
        if (!atLineStart_) put('\n');
        putLineDirective(outLine_ + 1, outPath_);
        mode_ = Mode::Generated;
    } else if (!atLineStart_) {
        put('\n');
    }
    for (char c : code) put(c);
    if (!atLineStart_) put('\n');
}

void Output::inlineGen(llvm::StringRef code) {
    if (mode_ != Mode::User) {
        gen(code);
        return;
    }
    for (char c : code) {
        put(c);
        if (c == '\n') ++userLine_;
    }
    colDirty_ = true;
}

std::string Output::run(llvm::StringRef preamble, llvm::StringRef epilogue) {
    std::stable_sort(edits_.begin(), edits_.end(), [](const Edit& a, const Edit& b) {
        return a.begin != b.begin ? a.begin < b.begin : a.end > b.end;
    });
    if (!preamble.empty()) gen(preamble);
    user(0, static_cast<unsigned>(text_.size()));
    if (!epilogue.empty()) gen(epilogue);
    return out_;
}

}  // namespace rtcg
