// generator.cpp — finds, checks and rewrites rt annotations in one TU (see generator.hpp).
#include "generator.hpp"

#include <map>
#include <set>

#include "attributes.hpp"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/FrontendAction.h"
#include "diag.hpp"
#include "entry_points.hpp"
#include "llvm/Support/Path.h"
#include "output.hpp"
#include "select.hpp"
#include "source.hpp"

using namespace clang;

namespace rtcg {
namespace {

struct Finder : RecursiveASTVisitor<Finder> {
    const SourceManager& sm;
    std::vector<const FunctionDecl*> entryPoints;  // annotated [[rt::main]]/[[rt::test]] functions
    std::vector<const IfStmt*> selects;
    std::vector<const Decl*> annotated;            // every declaration carrying an rt attribute

    explicit Finder(const SourceManager& s) : sm(s) {}
    bool shouldVisitLambdaBody() const { return true; }

    bool VisitDecl(Decl* d) {
        if (!d->getLocation().isValid() || !sm.isInMainFile(sm.getExpansionLoc(d->getLocation()))) return true;
        for (const auto* a : d->specific_attrs<AnnotateAttr>())
            if (a->isImplicit() && !a->isInherited() && a->getAnnotation().starts_with("rt-codegen:")) {
                annotated.push_back(d);
                break;
            }
        return true;
    }
    bool VisitIfStmt(IfStmt* s) {
        if (const VarDecl* v = s->getConditionVariable())
            if (findAnnotation(v, kSelectAnnotation)) selects.push_back(s);
        return true;
    }
};

std::string sanitizeSuite(llvm::StringRef path) {
    std::string s = llvm::sys::path::stem(path).str();
    for (char& c : s)
        if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
    if (s.empty() || std::isdigit(static_cast<unsigned char>(s[0]))) s = "t_" + s;
    return s;
}

class Consumer : public ASTConsumer {
public:
    Consumer(std::string userPath, std::string outPath, llvm::StringRef text, GenerateResult& r)
        : userPath_(std::move(userPath)), outPath_(std::move(outPath)), text_(text), result_(r) {}

    void HandleTranslationUnit(ASTContext& ctx) override {
        DiagnosticsEngine& diags = ctx.getDiagnostics();
        if (diags.hasErrorOccurred()) return;
        const SourceManager& sm = ctx.getSourceManager();
        const LangOptions& lo = ctx.getLangOpts();
        Finder finder(sm);
        finder.TraverseDecl(ctx.getTranslationUnitDecl());

        // The original text, not the parsed one: that had its `import rt.X;` lines blanked out
        // (same offsets), and the generated file keeps them.
        Output out(text_, userPath_, outPath_);
        std::vector<EntryPoint> entries;
        std::map<const Decl*, SourceLocation> seen;  // canonical decl -> first attribute
        int firstMain = -1;  // index in entries
        std::set<const Decl*> selectVars;
        for (const IfStmt* s : finder.selects) selectVars.insert(s->getConditionVariable());

        for (const Decl* d : finder.annotated) {
            for (const auto* a : d->specific_attrs<AnnotateAttr>()) {
                if (!a->isImplicit() || a->isInherited() || !a->getAnnotation().starts_with("rt-codegen:"))
                    continue;
                AttrUse use = readAttribute(a, sm, lo, diags);
                if (!use.ok) continue;
                out.addBlank(offsetOf(use.range.getBegin(), sm), tokenEnd(use.range.getEnd(), ctx));
                llvm::StringRef kind = a->getAnnotation();
                if (kind == kSelectAnnotation) {
                    if (!selectVars.count(d))
                        error(diags, use.nameLoc,
                              "[[rt::select]] goes on the condition of an if: if ([[rt::select]] rt::selector s{}) { ... }");
                    continue;
                }
                bool isTest = kind == kTestAnnotation;
                const auto* fd = dyn_cast<FunctionDecl>(d);
                if (!fd) {
                    error(diags, use.nameLoc, std::string(isTest ? "[[rt::test]]" : "[[rt::main]]") +
                                                  " must be applied to a function");
                    continue;
                }
                if (!seen.emplace(fd->getCanonicalDecl(), use.nameLoc).second) continue;
                EntryPoint e;
                if (!analyzeEntryPoint(fd, isTest, use, ctx, e)) continue;
                if (!isTest) {
                    if (firstMain >= 0) {
                        const EntryPoint& first = entries[firstMain];
                        error(diags, e.loc, "a second [[rt::main]] ('" + e.name + "') in one program; a program has one main");
                        note(diags, first.loc, "the first [[rt::main]] ('" + first.name + "') is here");
                        continue;
                    }
                }
                entries.push_back(e);
                if (!isTest) firstMain = static_cast<int>(entries.size()) - 1;
            }
        }
        // Selects, outermost first in source order: ids follow the order they are written in.
        std::vector<Select> selects;
        for (const IfStmt* s : finder.selects) {
            const AnnotateAttr* a = findAnnotation(s->getConditionVariable(), kSelectAnnotation);
            AttrUse use = readAttribute(a, sm, lo, diags);
            Select sel;
            if (use.ok && analyzeSelect(s, use, ctx, sel)) selects.push_back(sel);
        }
        if (diags.hasErrorOccurred()) return;
        std::sort(selects.begin(), selects.end(), [&](const Select& a, const Select& b) {
            return offsetOf(a.stmt->getIfLoc(), sm) < offsetOf(b.stmt->getIfLoc(), sm);
        });
        for (size_t i = 0; i < selects.size(); ++i) selects[i].id = static_cast<unsigned>(i);
        for (const Select& sel : selects) {
            auto [b, e] = selectRange(sel, ctx);
            out.addEdit(b, e, [&ctx, &sel](Output& o) { emitSelect(sel, ctx, o); });
        }
        std::sort(entries.begin(), entries.end(), [&](const EntryPoint& a, const EntryPoint& b) {
            return offsetOf(a.loc, sm) < offsetOf(b.loc, sm);
        });

        bool hasTests = llvm::any_of(entries, [](const EntryPoint& e) { return e.isTest; });
        std::string preamble = "// Generated by rt-codegen from " + llvm::sys::path::filename(userPath_).str() +
                               "; edit that file instead.\n";
        if (!entries.empty()) preamble += "#include <cstdio>\n#include <exception>\n";
        if (!selects.empty()) {
            preamble += "#include <new>\n";
            // g++-12 flags every local type kept in a coroutine frame (the select state) as a
            // subobject without linkage; that is a false positive for coroutines.
            preamble += "#if defined(__GNUC__) && !defined(__clang__)\n"
                        "#pragma GCC diagnostic ignored \"-Wsubobject-linkage\"\n#endif\n";
        }
        if (hasTests) preamble += "#include <gtest/gtest.h>\n";
        std::string epilogue;
        std::string suite = sanitizeSuite(userPath_);
        for (const EntryPoint& e : entries) {
            if (!epilogue.empty()) epilogue += "\n";
            epilogue += e.isTest ? generateTest(e, suite) : generateMain(e);
            if (!e.isTest) {
                PresumedLoc p = sm.getPresumedLoc(e.loc);
                result_.mains.push_back({userPath_, p.getLine(), p.getColumn(), e.callee});
            }
        }
        result_.text = out.run(preamble, epilogue);
        result_.ok = true;
    }

private:
    std::string userPath_, outPath_;
    llvm::StringRef text_;
    GenerateResult& result_;
};

class Action : public ASTFrontendAction {
public:
    Action(std::string u, std::string o, llvm::StringRef t, GenerateResult& r)
        : userPath_(std::move(u)), outPath_(std::move(o)), text_(t), result_(r) {}
    std::unique_ptr<ASTConsumer> CreateASTConsumer(CompilerInstance&, llvm::StringRef) override {
        return std::make_unique<Consumer>(userPath_, outPath_, text_, result_);
    }

private:
    std::string userPath_, outPath_;
    llvm::StringRef text_;
    GenerateResult& result_;
};

class Factory : public tooling::FrontendActionFactory {
public:
    Factory(std::string u, std::string o, llvm::StringRef t, GenerateResult& r)
        : userPath_(std::move(u)), outPath_(std::move(o)), text_(t), result_(r) {}
    std::unique_ptr<FrontendAction> create() override {
        return std::make_unique<Action>(userPath_, outPath_, text_, result_);
    }

private:
    std::string userPath_, outPath_;
    llvm::StringRef text_;
    GenerateResult& result_;
};

}  // namespace

std::unique_ptr<tooling::FrontendActionFactory> makeGenerateFactory(std::string userPath, std::string outPath,
                                                                   llvm::StringRef text, GenerateResult& result) {
    linkAttributes();
    return std::make_unique<Factory>(std::move(userPath), std::move(outPath), text, result);
}

}  // namespace rtcg
