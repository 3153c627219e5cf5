package io.crinn4j.sandbox.check;

import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.comments.Comment;
import com.github.javaparser.printer.DefaultPrettyPrinter;
import com.github.javaparser.printer.configuration.DefaultConfigurationOption;
import com.github.javaparser.printer.configuration.DefaultPrinterConfiguration;
import com.github.javaparser.printer.configuration.DefaultPrinterConfiguration.ConfigOption;
import com.github.javaparser.printer.configuration.Indentation;
import com.github.javaparser.printer.configuration.PrinterConfiguration;
import io.crinn4j.data.Sha256;
import java.util.ArrayList;
import java.util.List;

/**
 * Canonical text of a candidate, so that the same code is never compiled or benchmarked twice:
 * formatting, comments (including Javadoc) and import order do not change
 * {@link #normalize(String)} or {@link #hash(String)}; any change of a token does.
 *
 * <p>The source is parsed as in {@link SourcePolicy} (Java 17, unicode escapes processed), every
 * comment is removed and the tree is printed with one fixed printer configuration (4-space
 * indentation, {@code \n} line ends, imports ordered). Text that does not parse falls back to
 * its whitespace-collapsed form prefixed with {@value #UNPARSABLE_PREFIX}; the prefix is not Java,
 * so the fallback is idempotent too and can never equal the text of a parsable source.
 */
public final class SourceNormalizer {

    /** Marks the fallback form of text that does not parse. */
    public static final String UNPARSABLE_PREFIX = "#unparsable ";

    private SourceNormalizer() {
    }

    /** The canonical form of {@code source}; idempotent: {@code normalize(normalize(s)).equals(normalize(s))}. */
    public static String normalize(String source) {
        String s = source == null ? "" : source;
        if (!s.startsWith(UNPARSABLE_PREFIX) && s.length() <= SourcePolicy.MAX_SOURCE_CHARS) {
            // Comments are not attributed to nodes at all, so none can influence the layout either.
            SourcePolicy.ParseOutcome p = SourcePolicy.parse(s, false);
            if (p.unit() != null) {
                try {
                    return print(p.unit());
                } catch (RuntimeException | StackOverflowError e) {
                    // fall through to the textual form
                }
            }
        }
        String body = s.startsWith(UNPARSABLE_PREFIX) ? s.substring(UNPARSABLE_PREFIX.length()) : s;
        return UNPARSABLE_PREFIX + body.replaceAll("\\s+", " ").trim();
    }

    /** Lower-case hex SHA-256 of the UTF-8 bytes of {@link #normalize(String)}. */
    public static String hash(String source) {
        return Sha256.hex(normalize(source));
    }

    private static String print(CompilationUnit cu) {
        List<Comment> comments = new ArrayList<>(cu.getAllContainedComments());
        cu.getComment().ifPresent(comments::add);
        for (Comment c : comments) {
            c.remove();
        }
        PrinterConfiguration conf = new DefaultPrinterConfiguration()
                .removeOption(new DefaultConfigurationOption(ConfigOption.PRINT_COMMENTS))
                .removeOption(new DefaultConfigurationOption(ConfigOption.PRINT_JAVADOC))
                .addOption(new DefaultConfigurationOption(ConfigOption.ORDER_IMPORTS, true))
                .addOption(new DefaultConfigurationOption(ConfigOption.END_OF_LINE_CHARACTER, "\n"))
                .addOption(new DefaultConfigurationOption(ConfigOption.INDENTATION,
                        new Indentation(Indentation.IndentType.SPACES, 4)));
        return new DefaultPrettyPrinter(conf).print(cu);
    }
}
