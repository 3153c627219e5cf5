package io.crinn4j.sandbox.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.crinn4j.contract.ModuleKind;
import io.crinn4j.seed.glass.GlassBaseline;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The seed modules are the reference candidates: they must pass every layer. */
class SeedPolicyTest {

    @ParameterizedTest
    @EnumSource(ModuleKind.class)
    void seedSourcePassesItsKind(ModuleKind kind) {
        SourceCheck c = SourcePolicy.check(GlassBaseline.source(kind), kind);
        assertTrue(c.ok(), () -> kind + ": " + c.feedback());
        assertEquals("io.crinn4j.seed.glass", c.packageName());
        assertEquals(GlassBaseline.moduleClass(kind).getSimpleName(), c.simpleName());
        assertEquals(GlassBaseline.moduleClass(kind).getName(), c.binaryName());
    }

    @ParameterizedTest
    @EnumSource(ModuleKind.class)
    void seedBytecodePasses(ModuleKind kind) {
        String name = GlassBaseline.moduleClass(kind).getName();
        Map<String, byte[]> classes = InMemoryJavac.compile(name, GlassBaseline.source(kind)).require();
        assertTrue(classes.containsKey(name), classes::toString);
        List<Violation> v = BytecodePolicy.check(classes);
        assertTrue(v.isEmpty(), () -> kind + ": " + v);
    }

    @ParameterizedTest
    @EnumSource(ModuleKind.class)
    void seedCheckedAsAnotherKindIsRejected(ModuleKind kind) {
        ModuleKind other = ModuleKind.values()[(kind.ordinal() + 1) % ModuleKind.values().length];
        SourceCheck c = SourcePolicy.check(GlassBaseline.source(kind), other);
        assertFalse(c.ok());
        assertTrue(c.notAModule(), "not a module of the requested kind");
        assertEquals(io.crinn4j.sandbox.Status.PARSE_ERROR, io.crinn4j.sandbox.SourceRules.check(other, GlassBaseline.source(kind)).status(),
                "which the sandbox calls a parse error");
        assertEquals(1, c.violations().size(), c::feedback);
        Violation v = c.violations().get(0);
        assertEquals(Rules.WRONG_INTERFACE, v.rule());
        assertTrue(v.message().contains(other.contract().getName()), v.message());
        assertTrue(v.message().contains(kind.contract().getSimpleName()), v.message());
        assertTrue(v.code().contains("class " + GlassBaseline.moduleClass(kind).getSimpleName()), v.code());
    }
}
