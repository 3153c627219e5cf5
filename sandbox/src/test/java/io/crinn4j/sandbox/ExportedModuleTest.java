package io.crinn4j.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.crinn4j.contract.ModuleKind;
import io.crinn4j.sandbox.check.SourceRelocator;
import io.crinn4j.seed.glass.GlassBaseline;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Compiling a module set for an exported jar: every module in a package of its own, checked before and after javac. */
class ExportedModuleTest {

    @Test
    void theSeedsModulesMoveToPackagesOfTheirOwn() {
        Map<ModuleKind, ExportedModule> m = ExportedModule.compile(new ModuleSources(GlassBaseline.sources()), "io.crinn4j.exported");
        ExportedModule search = m.get(ModuleKind.SEARCH);
        assertEquals("io.crinn4j.exported.search.HnswSearch", search.binaryName());
        assertTrue(search.classes().containsKey("io.crinn4j.exported.search.HnswSearch"), search.classes().keySet().toString());
        assertTrue(search.classes().keySet().stream().allMatch(n -> n.startsWith("io.crinn4j.exported.search.")), search.classes().keySet().toString());
        assertTrue(search.source().contains("package io.crinn4j.exported.search;"));
        assertFalse(search.source().contains("package io.crinn4j.seed.glass"));
        // Everything but the package line is the module as measured: its identity is the source's hash before the move.
        assertEquals(SourceRules.hash(GlassBaseline.source(ModuleKind.SEARCH)), search.sourceHash());
        assertEquals(GlassBaseline.source(ModuleKind.SEARCH).replace("package io.crinn4j.seed.glass;", "package io.crinn4j.exported.search;"),
                search.source());
        // Compiled as the sandbox compiled it when it was measured, for the oldest JDK users may run.
        assertEquals("janino", search.compiler());
        byte[] cls = search.classes().get("io.crinn4j.exported.search.HnswSearch");
        assertEquals(ExportedModule.RELEASE + 44, ((cls[6] & 0xFF) << 8) | (cls[7] & 0xFF), "class-file major version");
        assertEquals("io.crinn4j.exported.construction.HnswConstruction", m.get(ModuleKind.CONSTRUCTION).binaryName());
        assertEquals("io.crinn4j.exported.refinement.ExactRerank", m.get(ModuleKind.REFINEMENT).binaryName());
    }

    @Test
    void aModuleWithoutAPackageGetsOne() {
        String src = "// a module in the default package\n" + GlassBaseline.source(ModuleKind.REFINEMENT).replace("package io.crinn4j.seed.glass;", "");
        String moved = SourceRelocator.relocate(src, "io.crinn4j.exported.refinement");
        assertTrue(moved.startsWith("package io.crinn4j.exported.refinement;"), moved.substring(0, 80));
        ExportedModule m = ExportedModule.compile(ModuleKind.REFINEMENT, src, "io.crinn4j.exported.refinement");
        assertEquals("io.crinn4j.exported.refinement.ExactRerank", m.binaryName());
        String commented = "/* leading comment */\n" + GlassBaseline.source(ModuleKind.REFINEMENT);
        String again = SourceRelocator.relocate(commented, "x.y");
        assertTrue(again.startsWith("/* leading comment */\npackage x.y;"), again.substring(0, 60));
    }

    @Test
    void codeThatBreaksTheSandboxsRulesIsNotExported() {
        String bad = GlassBaseline.source(ModuleKind.REFINEMENT).replace("public int candidates(int k) {",
                "public int candidates(int k) {\n        new java.io.File(\"/etc/passwd\").delete();");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ExportedModule.compile(ModuleKind.REFINEMENT, bad, "io.crinn4j.exported.refinement"));
        assertTrue(e.getMessage().startsWith("the refinement module fails the sandbox's checks: "), e.getMessage());
        String inIndex = GlassBaseline.source(ModuleKind.REFINEMENT).replace("package io.crinn4j.seed.glass;", "package io.crinn4j.index;");
        IllegalArgumentException e2 = assertThrows(IllegalArgumentException.class,
                () -> ExportedModule.compile(ModuleKind.REFINEMENT, inIndex, "io.crinn4j.exported.refinement"));
        assertTrue(e2.getMessage().contains("reserved"), e2.getMessage());
    }
}
