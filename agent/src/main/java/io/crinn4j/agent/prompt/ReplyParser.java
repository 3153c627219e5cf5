package io.crinn4j.agent.prompt;

import com.github.javaparser.JavaParser;
import com.github.javaparser.ParserConfiguration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns an LLM reply into a candidate module source: either a complete file in a code block, or
 * SEARCH/REPLACE edits applied to the parent (the best variant of the prompt).
 *
 * <p>Rules, in order (see {@code docs/prompt.md}):
 * <ol>
 *   <li>Line endings are normalized ({@code \r\n} and {@code \r} → {@code \n}); everything up to a
 *       closing {@code </think>} tag (reasoning models) is dropped.</li>
 *   <li>Code blocks: fences of three or more backticks or tildes, optionally indented; the
 *       language is the first word of the info string. Blocks tagged {@code java} (any case) or
 *       untagged are considered; a block containing SEARCH/REPLACE markers is an edit block, not a
 *       module. Among the blocks that declare a class, the longest wins.</li>
 *   <li>A final block whose closing fence is missing (the reply was cut off) is taken only if
 *       JavaParser accepts it; otherwise it is ignored and the reply ends up {@code NO_CODE} with a
 *       reason saying it was truncated. A closed block is taken even when it is not valid Java:
 *       checking it is the sandbox's job, and its PARSE_ERROR feedback (with line numbers) is
 *       more useful to the next prompt than a parser verdict here.</li>
 *   <li>A reply with both a complete class and edits: the complete class wins when it looks like a
 *       module (it {@code implements} the parent's interface, or any interface when there is no
 *       parent); a smaller class snippet next to edits is taken to be illustration, and the edits
 *       are applied.</li>
 *   <li>Edits (aider format, anywhere in the reply, inside a fence or not) are applied in order to
 *       the parent, each to the result of the previous ones: first an exact match (a substring not
 *       glued to identifier characters), then a whitespace-tolerant one (whole lines, leading and
 *       trailing whitespace of each line ignored; the replacement is re-indented by the
 *       difference). Blank lines at the edges of SEARCH and REPLACE are ignored. A block that is
 *       not found, found more than once, has an empty SEARCH part, or is incomplete makes the
 *       whole reply {@code EDIT_NOT_APPLIED}, naming the block; nothing is applied.</li>
 *   <li>A reply without any fence and without edits: if it contains Java (a line starting with
 *       {@code package}/{@code import} or a class declaration), the lines from there to the last
 *       line that is a lone {@code }} are taken.</li>
 * </ol>
 * Pure and thread-safe.
 */
public final class ReplyParser {

    private static final Pattern FENCE_OPEN = Pattern.compile("^([ \\t]*)(`{3,}|~{3,})[ \\t]*(\\S*).*$");
    private static final Pattern CLASS_DECL = Pattern.compile(
            "(?m)^[ \\t]*(?:@[\\w.]+(?:\\([^)\\n]*\\))?\\s+)*"
                    + "(?:(?:public|protected|private|final|abstract|static|sealed|non-sealed|strictfp)\\s+)*"
                    + "class\\s+[A-Za-z_$][\\w$]*");
    private static final Pattern SEARCH_MARK = Pattern.compile("^[ \\t]*<{5,9}[ \\t]*SEARCH\\b.*$", Pattern.CASE_INSENSITIVE);
    private static final Pattern DIVIDER = Pattern.compile("^[ \\t]*={5,9}[ \\t]*$");
    private static final Pattern REPLACE_MARK = Pattern.compile("^[ \\t]*>{5,9}[ \\t]*REPLACE\\b.*$", Pattern.CASE_INSENSITIVE);
    private static final Pattern IMPLEMENTS = Pattern.compile("\\bclass\\s+[A-Za-z_$][\\w$]*[^{]*?\\bimplements\\s+([\\w.$]+)");

    private ReplyParser() {
    }

    /**
     * Parses one reply.
     *
     * @param reply        the raw reply text
     * @param parentSource the variant edits apply to (the prompt's best exemplar); may be null
     *                     when the prompt offered no parent, in which case edits cannot apply
     */
    public static ParsedReply parse(String reply, String parentSource) {
        if (reply == null || reply.isBlank()) {
            return ParsedReply.noCode("the reply is empty");
        }
        String text = normalize(reply);
        int think = text.lastIndexOf("</think>");
        if (think >= 0) {
            text = text.substring(think + "</think>".length());
        }
        String[] lines = text.split("\n", -1);
        List<Fence> fences = fences(lines);
        EditScan scan = scanEdits(lines);
        boolean hasEdits = !scan.edits.isEmpty() || scan.error != null;

        Fence best = null;
        int classBlocks = 0;
        Fence truncated = null;
        for (Fence f : fences) {
            if (!f.javaLike() || containsMarkers(f.content) || !CLASS_DECL.matcher(f.content).find()) {
                continue;
            }
            if (!f.closed && !parses(f.content)) {
                truncated = f;
                continue;
            }
            classBlocks++;
            if (best == null || f.content.length() > best.content.length()) {
                best = f;
            }
        }
        if (best != null && (!hasEdits || looksLikeModule(best.content, parentSource))) {
            StringBuilder why = new StringBuilder("took the ");
            why.append(best.lang.isEmpty() ? "untagged" : best.lang).append(" code block at reply line ").append(best.line);
            why.append(" (").append(countLines(best.content)).append(" lines");
            if (classBlocks > 1) {
                why.append(", the longest of ").append(classBlocks).append(" blocks that declare a class");
            }
            why.append(')');
            if (!best.closed) {
                why.append("; its closing fence is missing but the code parses");
            }
            if (hasEdits) {
                why.append("; the SEARCH/REPLACE edits in the same reply were ignored");
            }
            return ParsedReply.full(trimBlankEdges(best.content), why.toString());
        }
        if (hasEdits) {
            if (scan.error != null) {
                return ParsedReply.editFailed(scan.error + "; nothing was applied");
            }
            if (parentSource == null) {
                return ParsedReply.editFailed("the reply has SEARCH/REPLACE edits but there is no parent to apply them to");
            }
            return applyEdits(scan.edits, normalize(parentSource));
        }
        if (fences.isEmpty()) {
            ParsedReply unfenced = unfenced(lines);
            if (unfenced != null) {
                return unfenced;
            }
            return ParsedReply.noCode("the reply has no code block, no SEARCH/REPLACE edits and no Java class");
        }
        if (truncated != null) {
            return ParsedReply.noCode("the reply ends inside an unclosed code block (line " + truncated.line
                    + ") whose code does not parse: it was probably cut off at the output limit");
        }
        return ParsedReply.noCode("the reply has " + fences.size() + " code block" + (fences.size() == 1 ? "" : "s")
                + " but none is a Java block that declares a class");
    }

    // ---- code blocks -------------------------------------------------------------------------

    private static final class Fence {
        final String lang;
        final String content;
        final int line; // 1-based reply line of the opening fence
        final boolean closed;

        Fence(String lang, String content, int line, boolean closed) {
            this.lang = lang;
            this.content = content;
            this.line = line;
            this.closed = closed;
        }

        boolean javaLike() {
            return lang.isEmpty() || lang.equals("java");
        }
    }

    private static List<Fence> fences(String[] lines) {
        List<Fence> out = new ArrayList<>();
        int i = 0;
        while (i < lines.length) {
            Matcher m = FENCE_OPEN.matcher(lines[i]);
            if (!m.matches() || (m.group(2).charAt(0) == '`' && lines[i].indexOf('`', m.end(2)) >= 0)) {
                i++;
                continue;
            }
            int indent = m.group(1).length();
            char c = m.group(2).charAt(0);
            int len = m.group(2).length();
            String lang = language(m.group(3));
            StringBuilder content = new StringBuilder();
            boolean closed = false;
            int j = i + 1;
            for (; j < lines.length; j++) {
                String l = lines[j];
                String t = l.strip();
                if (isClosing(t, c, len)) {
                    closed = true;
                    break;
                }
                if (c == '`' && t.endsWith("```") && !t.startsWith("`")) {
                    // "}```": the model glued the closing fence to the last line of code.
                    int k = t.length();
                    while (k > 0 && t.charAt(k - 1) == '`') {
                        k--;
                    }
                    if (t.length() - k >= len) {
                        content.append(dedent(l.substring(0, l.lastIndexOf(t) + k), indent)).append('\n');
                        closed = true;
                        break;
                    }
                }
                content.append(dedent(l, indent)).append('\n');
            }
            out.add(new Fence(lang, content.toString(), i + 1, closed));
            i = j + 1;
        }
        return out;
    }

    private static boolean isClosing(String stripped, char c, int len) {
        if (stripped.length() < len) {
            return false;
        }
        for (int k = 0; k < stripped.length(); k++) {
            if (stripped.charAt(k) != c) {
                return false;
            }
        }
        return true;
    }

    private static String language(String info) {
        String l = info.strip();
        while (!l.isEmpty() && (l.charAt(0) == '{' || l.charAt(0) == '.')) {
            l = l.substring(1);
        }
        int end = 0;
        while (end < l.length() && (Character.isLetterOrDigit(l.charAt(end)) || l.charAt(end) == '+' || l.charAt(end) == '#'
                || l.charAt(end) == '-' || l.charAt(end) == '_')) {
            end++;
        }
        return l.substring(0, end).toLowerCase(Locale.ROOT);
    }

    private static String dedent(String line, int indent) {
        int k = 0;
        while (k < indent && k < line.length() && (line.charAt(k) == ' ' || line.charAt(k) == '\t')) {
            k++;
        }
        return line.substring(k);
    }

    private static boolean parses(String code) {
        try {
            return new JavaParser(new ParserConfiguration().setLanguageLevel(ParserConfiguration.LanguageLevel.JAVA_17))
                    .parse(code).isSuccessful();
        } catch (RuntimeException | StackOverflowError e) {
            return false;
        }
    }

    private static boolean looksLikeModule(String code, String parent) {
        String iface = null;
        if (parent != null) {
            Matcher m = IMPLEMENTS.matcher(parent);
            if (m.find()) {
                iface = m.group(1);
                iface = iface.substring(iface.lastIndexOf('.') + 1);
            }
        }
        Matcher m = IMPLEMENTS.matcher(code);
        while (m.find()) {
            String name = m.group(1);
            if (iface == null || name.substring(name.lastIndexOf('.') + 1).equals(iface)) {
                return true;
            }
        }
        return false;
    }

    private static ParsedReply unfenced(String[] lines) {
        int start = -1;
        for (int i = 0; i < lines.length; i++) {
            String t = lines[i].strip();
            if (t.startsWith("package ") || t.startsWith("import ") || CLASS_DECL.matcher(lines[i]).lookingAt()) {
                start = i;
                break;
            }
        }
        int end = -1;
        for (int i = lines.length - 1; i > start && start >= 0; i--) {
            if (lines[i].strip().equals("}")) {
                end = i;
                break;
            }
        }
        if (start < 0 || end < 0) {
            return null;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = start; i <= end; i++) {
            sb.append(lines[i]).append('\n');
        }
        if (!CLASS_DECL.matcher(sb).find()) {
            return null;
        }
        return ParsedReply.full(trimBlankEdges(sb.toString()),
                "the reply has no code fence; took reply lines " + (start + 1) + "-" + (end + 1) + " as the module");
    }

    // ---- SEARCH/REPLACE edits -----------------------------------------------------------------

    private static final class Edit {
        final List<String> search = new ArrayList<>();
        final List<String> replace = new ArrayList<>();
        final int line;

        Edit(int line) {
            this.line = line;
        }
    }

    private static final class EditScan {
        final List<Edit> edits = new ArrayList<>();
        String error;
    }

    private static boolean containsMarkers(String code) {
        for (String l : code.split("\n", -1)) {
            if (SEARCH_MARK.matcher(l).matches() || REPLACE_MARK.matcher(l).matches()) {
                return true;
            }
        }
        return false;
    }

    private static EditScan scanEdits(String[] lines) {
        EditScan scan = new EditScan();
        Edit cur = null;
        boolean inReplace = false;
        for (int i = 0; i < lines.length; i++) {
            String l = lines[i];
            if (cur == null) {
                if (SEARCH_MARK.matcher(l).matches()) {
                    cur = new Edit(i + 1);
                    inReplace = false;
                }
                continue;
            }
            int n = scan.edits.size() + 1;
            if (!inReplace) {
                if (DIVIDER.matcher(l).matches()) {
                    inReplace = true;
                } else if (SEARCH_MARK.matcher(l).matches() || REPLACE_MARK.matcher(l).matches()) {
                    scan.error = "edit block " + n + " (reply line " + cur.line + ") has no ======= line between SEARCH and REPLACE";
                    return scan;
                } else {
                    cur.search.add(l);
                }
            } else if (REPLACE_MARK.matcher(l).matches()) {
                scan.edits.add(cur);
                cur = null;
            } else if (SEARCH_MARK.matcher(l).matches() || DIVIDER.matcher(l).matches()) {
                scan.error = "edit block " + n + " (reply line " + cur.line + ") is malformed: expected >>>>>>> REPLACE at reply line " + (i + 1);
                return scan;
            } else {
                cur.replace.add(l);
            }
        }
        if (cur != null) {
            scan.error = "edit block " + (scan.edits.size() + 1) + " (reply line " + cur.line
                    + ") is incomplete: the reply ends before >>>>>>> REPLACE (probably cut off)";
        }
        return scan;
    }

    private static ParsedReply applyEdits(List<Edit> edits, String parent) {
        String cur = parent;
        int exact = 0;
        int tolerant = 0;
        int total = edits.size();
        for (int b = 0; b < total; b++) {
            Edit e = edits.get(b);
            String where = "edit block " + (b + 1) + " of " + total + " (reply line " + e.line + ")";
            List<String> search = blankEdgesRemoved(e.search);
            List<String> replace = blankEdgesRemoved(e.replace);
            if (search.isEmpty()) {
                return ParsedReply.editFailed(where + " has an empty SEARCH part; SEARCH must quote existing lines of the best variant; nothing was applied");
            }
            String s = String.join("\n", search);
            String r = String.join("\n", replace);
            List<Integer> hits = exactMatches(cur, s);
            if (hits.size() == 1) {
                int at = hits.get(0);
                int endAt = at + s.length();
                if (r.isEmpty() && (at == 0 || cur.charAt(at - 1) == '\n') && endAt < cur.length() && cur.charAt(endAt) == '\n') {
                    endAt++; // deleting whole lines: take their line break too
                }
                cur = cur.substring(0, at) + r + cur.substring(endAt);
                exact++;
                continue;
            }
            if (hits.size() > 1) {
                return ParsedReply.editFailed(where + ": SEARCH text occurs " + hits.size() + " times in the parent"
                        + previous(b) + "; add surrounding lines so it matches once; nothing was applied");
            }
            String[] lines = cur.split("\n", -1);
            List<Integer> lineHits = tolerantMatches(lines, search);
            if (lineHits.size() == 1) {
                cur = replaceLines(lines, lineHits.get(0), search, replace);
                tolerant++;
                continue;
            }
            if (lineHits.size() > 1) {
                return ParsedReply.editFailed(where + ": SEARCH text matches " + lineHits.size()
                        + " places in the parent (ignoring indentation)" + previous(b) + "; add surrounding lines so it matches once; nothing was applied");
            }
            return ParsedReply.editFailed(where + ": SEARCH text not found in the parent" + previous(b) + " (it starts with `"
                    + snippet(search) + "`); nothing was applied");
        }
        String out = cur.endsWith("\n") ? cur : cur + "\n";
        StringBuilder why = new StringBuilder("applied ").append(total).append(" SEARCH/REPLACE edit").append(total == 1 ? "" : "s");
        why.append(" (").append(exact).append(" exact, ").append(tolerant).append(" whitespace-tolerant)");
        if (out.equals(parent.endsWith("\n") ? parent : parent + "\n")) {
            why.append("; the result is identical to the parent");
        }
        return ParsedReply.edits(out, why.toString());
    }

    private static String previous(int b) {
        return b == 0 ? "" : " after blocks 1-" + b;
    }

    /** Start offsets of {@code s} in {@code text}, overlapping, not glued to identifier characters on either side. */
    private static List<Integer> exactMatches(String text, String s) {
        List<Integer> hits = new ArrayList<>();
        boolean identStart = Character.isJavaIdentifierPart(s.charAt(0));
        boolean identEnd = Character.isJavaIdentifierPart(s.charAt(s.length() - 1));
        for (int at = text.indexOf(s); at >= 0; at = text.indexOf(s, at + 1)) {
            int end = at + s.length();
            boolean gluedBefore = identStart && at > 0 && Character.isJavaIdentifierPart(text.charAt(at - 1));
            boolean gluedAfter = identEnd && end < text.length() && Character.isJavaIdentifierPart(text.charAt(end));
            if (!gluedBefore && !gluedAfter) {
                hits.add(at);
            }
        }
        return hits;
    }

    private static List<Integer> tolerantMatches(String[] lines, List<String> search) {
        List<Integer> hits = new ArrayList<>();
        int m = search.size();
        String[] want = new String[m];
        for (int j = 0; j < m; j++) {
            want[j] = search.get(j).strip();
        }
        for (int i = 0; i + m <= lines.length; i++) {
            boolean ok = true;
            for (int j = 0; j < m && ok; j++) {
                ok = lines[i + j].strip().equals(want[j]);
            }
            if (ok) {
                hits.add(i);
            }
        }
        return hits;
    }

    private static String replaceLines(String[] lines, int at, List<String> search, List<String> replace) {
        // Re-indent the replacement by the indentation difference seen on the first non-blank SEARCH line.
        String add = "";
        int remove = 0;
        for (int j = 0; j < search.size(); j++) {
            if (!search.get(j).isBlank()) {
                String have = leading(lines[at + j]);
                String said = leading(search.get(j));
                if (have.startsWith(said)) {
                    add = have.substring(said.length());
                } else if (said.startsWith(have)) {
                    remove = said.length() - have.length();
                }
                break;
            }
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < at; i++) {
            sb.append(lines[i]).append('\n');
        }
        for (String r : replace) {
            if (r.isBlank()) {
                sb.append('\n');
                continue;
            }
            int k = 0;
            while (k < remove && k < r.length() && (r.charAt(k) == ' ' || r.charAt(k) == '\t')) {
                k++;
            }
            sb.append(add).append(r, k, r.length()).append('\n');
        }
        for (int i = at + search.size(); i < lines.length; i++) {
            sb.append(lines[i]);
            if (i < lines.length - 1) {
                sb.append('\n');
            }
        }
        return sb.toString();
    }

    private static String leading(String s) {
        int k = 0;
        while (k < s.length() && (s.charAt(k) == ' ' || s.charAt(k) == '\t')) {
            k++;
        }
        return s.substring(0, k);
    }

    private static String snippet(List<String> search) {
        for (String l : search) {
            if (!l.isBlank()) {
                String t = l.strip();
                return t.length() > 80 ? t.substring(0, 77) + "..." : t;
            }
        }
        return "";
    }

    // ---- helpers -----------------------------------------------------------------------------

    static String normalize(String s) {
        String t = s.replace("\r\n", "\n").replace('\r', '\n');
        return t.startsWith("\uFEFF") ? t.substring(1) : t;
    }

    private static List<String> blankEdgesRemoved(List<String> lines) {
        int a = 0;
        int b = lines.size();
        while (a < b && lines.get(a).isBlank()) {
            a++;
        }
        while (b > a && lines.get(b - 1).isBlank()) {
            b--;
        }
        return lines.subList(a, b);
    }

    private static String trimBlankEdges(String code) {
        List<String> l = blankEdgesRemoved(List.of(code.split("\n", -1)));
        StringBuilder sb = new StringBuilder();
        for (String s : l) {
            sb.append(s.stripTrailing()).append('\n');
        }
        return sb.toString();
    }

    private static int countLines(String s) {
        return blankEdgesRemoved(List.of(s.split("\n", -1))).size();
    }
}
