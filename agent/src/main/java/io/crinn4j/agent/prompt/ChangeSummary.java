package io.crinn4j.agent.prompt;

import com.github.difflib.DiffUtils;
import com.github.difflib.patch.AbstractDelta;
import com.github.difflib.patch.Patch;
import com.github.javaparser.StaticJavaParser;
import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.body.CallableDeclaration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What one variant changed, in one line, for the lessons table: so the next prompt can see which
 * change was worth what. From the best source there is: the reply's own words (the prompt asks for
 * a {@code Change:} line), else the bold lead-ins of the prose right before its code (how the
 * recorded replies list their changes), else the first sentence there; and when a reply says
 * nothing, the diff from its parent: how many lines, in which methods.
 */
public final class ChangeSummary {
    /** Longer than this is cut with "…": a table row, not a paragraph. */
    static final int MAX_CHARS = 160;

    private static final Pattern CHANGE_LINE = Pattern.compile("(?im)^[\\s>*_#-]*change\\s*[:：]\\s*\\**\\s*(.+)$");
    private static final Pattern BOLD_LEAD = Pattern.compile("\\*\\*([^*\\n]{2,60}?)\\.?\\*\\*");
    private static final Pattern FIRST_SENTENCE = Pattern.compile("^(.+?[.!?])(\\s|$)", Pattern.DOTALL);

    private ChangeSummary() {
    }

    /** The reply's summary of its change, or null when its text holds none (no prose before the code). */
    public static String ofReply(String reply) {
        if (reply == null || reply.isBlank()) {
            return null;
        }
        String text = ReplyParser.normalize(reply);
        Matcher m = CHANGE_LINE.matcher(text);
        if (m.find()) {
            return cut(clean(m.group(1)));
        }
        String prose = proseBeforeCode(text);
        Set<String> leads = new LinkedHashSet<>();
        Matcher b = BOLD_LEAD.matcher(prose);
        while (b.find()) {
            String lead = clean(b.group(1));
            if (!lead.isEmpty() && !lead.matches("(?i)(the )?(variant|seed)\\b.*")) {
                leads.add(lead.toLowerCase(Locale.ROOT).replaceAll("\\.$", ""));
            }
        }
        if (!leads.isEmpty()) {
            return cut(String.join("; ", leads));
        }
        String flat = clean(prose);
        if (flat.isEmpty()) {
            return null;
        }
        Matcher s = FIRST_SENTENCE.matcher(flat);
        return cut(s.find() ? s.group(1) : flat);
    }

    /**
     * The last section with prose before the first code block: where a reply says what its code does
     * (its comparison of earlier variants comes before, under an earlier heading). A heading right
     * before the code with nothing under it sends the search one section further up.
     */
    private static String proseBeforeCode(String text) {
        int code = text.indexOf("```");
        String before = code < 0 ? text : text.substring(0, code);
        String[] sections = before.split("(?m)^#.*$");
        for (int i = sections.length - 1; i >= 0; i--) {
            if (!sections[i].isBlank()) {
                return sections[i];
            }
        }
        return "";
    }

    /** The diff from {@code parent} to {@code source}: "+12 −4 lines in prepare, search", or null when they are the same. */
    public static String ofDiff(String parent, String source) {
        if (parent == null || source == null) {
            return null;
        }
        List<String> a = Arrays.asList(ReplyParser.normalize(parent).split("\n", -1));
        List<String> b = Arrays.asList(ReplyParser.normalize(source).split("\n", -1));
        Patch<String> patch = DiffUtils.diff(a, b);
        if (patch.getDeltas().isEmpty()) {
            return null;
        }
        int added = 0;
        int removed = 0;
        List<int[]> touched = new ArrayList<>(); // 1-based line ranges in the new source
        for (AbstractDelta<String> d : patch.getDeltas()) {
            added += d.getTarget().size();
            removed += d.getSource().size();
            int from = d.getTarget().getPosition() + 1;
            touched.add(new int[] {from, from + Math.max(0, d.getTarget().size() - 1)});
        }
        String where = methods(source, touched);
        return cut(String.format(Locale.ROOT, "+%d −%d lines%s", added, removed, where.isEmpty() ? "" : " in " + where));
    }

    /** The methods and constructors whose lines overlap {@code ranges}, in source order; "" when the source does not parse. */
    private static String methods(String source, List<int[]> ranges) {
        CompilationUnit cu;
        try {
            cu = StaticJavaParser.parse(source);
        } catch (RuntimeException e) {
            return "";
        }
        Set<String> names = new LinkedHashSet<>();
        for (CallableDeclaration<?> m : cu.findAll(CallableDeclaration.class)) {
            if (m.getRange().isEmpty()) {
                continue;
            }
            int lo = m.getRange().get().begin.line;
            int hi = m.getRange().get().end.line;
            for (int[] r : ranges) {
                if (r[0] <= hi && r[1] >= lo) {
                    names.add(m.getNameAsString());
                    break;
                }
            }
        }
        return String.join(", ", names);
    }

    private static String clean(String s) {
        return s.replaceAll("[`*_]", "").replaceAll("\\s+", " ").strip();
    }

    private static String cut(String s) {
        return s.length() <= MAX_CHARS ? s : s.substring(0, MAX_CHARS - 1).stripTrailing() + "…";
    }
}
