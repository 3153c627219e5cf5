package io.crinn4j.agent.campaign;

import io.crinn4j.contract.ModuleKind;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A variant's name in the program database, {@code <module>-s<stage>-g<group>-<index>} for a
 * group's member or {@code <module>-s<stage>-start} for a stage's starting point. The folder names
 * under {@code variants/} and {@code groups/}; built and read only here, so no caller takes a name
 * apart with string tests.
 *
 * @param group the group, or -1 for the stage's start
 * @param index the member's index in its group (0 for the start)
 */
public record VariantId(ModuleKind module, int stage, int group, int index) {
    private static final Pattern FORM = Pattern.compile("([a-z]+)-s(\\d+)-(?:g(\\d+)-(\\d+)|start)");

    public VariantId {
        if (stage < 0 || group < -1 || index < 0 || group == -1 && index != 0) {
            throw new IllegalArgumentException("no variant id for stage " + stage + ", group " + group + ", index " + index);
        }
    }

    /** The starting point of a stage: the previous stage's winner (the seed for the first). */
    public static VariantId start(ModuleKind module, int stage) {
        return new VariantId(module, stage, -1, 0);
    }

    public static VariantId member(ModuleKind module, int stage, int group, int index) {
        return new VariantId(module, stage, group, index);
    }

    /** Reads a name written by {@link #toString()}. */
    public static VariantId parse(String id) {
        Matcher m = FORM.matcher(id);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a variant id: " + id);
        }
        ModuleKind module = ModuleKind.parse(m.group(1));
        int stage = Integer.parseInt(m.group(2));
        return m.group(3) == null ? start(module, stage) : member(module, stage, Integer.parseInt(m.group(3)), Integer.parseInt(m.group(4)));
    }

    public boolean isStart() {
        return group < 0;
    }

    /** The group this variant answers ({@code <module>-s<stage>-g<group>}); undefined for a start. */
    public String groupId() {
        if (isStart()) {
            throw new IllegalStateException(this + " is a stage's start, in no group");
        }
        return groupId(module, stage, group);
    }

    /** A group's name, also the folder of its prompt and replies. */
    public static String groupId(ModuleKind module, int stage, int group) {
        return String.format(Locale.ROOT, "%s-s%d-g%03d", module.cliName(), stage, group);
    }

    @Override
    public String toString() {
        return isStart() ? String.format(Locale.ROOT, "%s-s%d-start", module.cliName(), stage) : groupId() + "-" + index;
    }
}
