// attributes.cpp — registers [[rt::main]], [[rt::test]] and [[rt::select]] with clang's
// ParsedAttrInfoRegistry (statically, in the tool binary), and turns each use on a declaration into
// an AnnotateAttr that the generator finds in the AST. On a statement, clang 19 offers the
// attribute to diagAppertainsToStmt only; we answer with a diagnostic that says where it belongs.
#include "attributes.hpp"

#include "clang/Basic/DiagnosticSema.h"
#include "clang/Basic/ParsedAttrInfo.h"
#include "clang/Sema/ParsedAttr.h"
#include "clang/Sema/Sema.h"

using namespace clang;

namespace rtcg {
namespace {

template <const char* const* Annotation, const char* Spelled>
struct RtAttrInfo : ParsedAttrInfo {
    static constexpr Spelling kSpellings[] = {{ParsedAttr::AS_CXX11, Spelled}};

    RtAttrInfo() {
        Spellings = kSpellings;
        OptArgs = 15;  // the arguments come through empty anyway; options are lexed later
    }

    bool diagAppertainsToDecl(Sema&, const ParsedAttr&, const Decl*) const override {
        return true;  // checked with the full AST in generator.cpp, with better messages
    }

    bool diagAppertainsToStmt(Sema& S, const ParsedAttr& A, const Stmt*) const override {
        unsigned id = S.getDiagnostics().getCustomDiagID(
            DiagnosticsEngine::Error, "[[%0]] cannot be applied to a statement; %1");
        S.Diag(A.getLoc(), id) << Spelled
                               << (*Annotation == kSelectAnnotation
                                       ? "write it on the condition: if ([[rt::select]] rt::selector s{}) { ... }"
                                       : "put it on a function declaration");
        return false;
    }

    AttrHandling handleDeclAttribute(Sema& S, Decl* D, const ParsedAttr& A) const override {
        D->addAttr(AnnotateAttr::CreateImplicit(S.Context, *Annotation, nullptr, 0, A.getRange()));
        return AttributeApplied;
    }
};

const char* const kMainName = kMainAnnotation;
const char* const kTestName = kTestAnnotation;
const char* const kSelectName = kSelectAnnotation;
constexpr char kMainSpelled[] = "rt::main";
constexpr char kTestSpelled[] = "rt::test";
constexpr char kSelectSpelled[] = "rt::select";

ParsedAttrInfoRegistry::Add<RtAttrInfo<&kMainName, kMainSpelled>> mainAttr("rt-main", "[[rt::main]]");
ParsedAttrInfoRegistry::Add<RtAttrInfo<&kTestName, kTestSpelled>> testAttr("rt-test", "[[rt::test]]");
ParsedAttrInfoRegistry::Add<RtAttrInfo<&kSelectName, kSelectSpelled>> selectAttr("rt-select",
                                                                                "[[rt::select]]");

}  // namespace

const AnnotateAttr* findAnnotation(const Decl* d, llvm::StringRef name) {
    for (const auto* a : d->specific_attrs<AnnotateAttr>())
        if (a->isImplicit() && a->getAnnotation() == name) return a;
    return nullptr;
}

void linkAttributes() {}

}  // namespace rtcg
