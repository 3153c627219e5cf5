package io.crinn4j.agent.cli;

import static io.crinn4j.agent.util.TestTrees.copy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.crinn4j.agent.campaign.SampleCampaigns;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code crinn report}: the files it writes, what it reads of old and broken folders, and its exit codes. */
class ReportCommandTest {
    @TempDir
    static Path shared;
    @TempDir
    Path tmp;

    private static Path sample;

    @BeforeAll
    static void campaign() {
        sample = SampleCampaigns.finished(shared, "sample");
    }

    @Test
    void writesOneSelfContainedPageAndThePngOfTheCurves() throws IOException {
        Path html = tmp.resolve("out/report.html");
        Path png = tmp.resolve("curves.png");
        CliRunner r = CliRunner.run("report", sample.toString(), "--out", html.toString(), "--png", png.toString());
        assertEquals(0, r.exit, r.err);
        assertTrue(r.out.contains("report written to " + html), r.out);
        String page = Files.readString(html);
        // Nothing is fetched at view time: no external script, style, image or frame, and the chart library is inlined.
        String markup = page.replaceAll("(?s)(<script\\b[^>]*>).*?</script>", "$1"); // the tags, without the inlined code
        Matcher external = Pattern.compile("<(script|link|img|iframe)\\b[^>]*\\b(src|href)\\s*=\\s*\"(?!data:|#)", Pattern.CASE_INSENSITIVE)
                .matcher(markup);
        assertFalse(external.find(), () -> "external resource: " + external.group());
        assertTrue(page.contains("echarts") && page.length() > 900_000, "Apache ECharts inlined");
        // Every part, with the sample's facts.
        for (String part : List.of("id=\"curves\"", "id=\"rewards\"", "id=\"leaderboards\"", "id=\"lineage\"", "id=\"failures\"", "id=\"tokens\"",
                "class=\"method\"", SampleCampaigns.CONSTRUCTION_WINNER, "accepted", "PROPOSER_ERROR", "HTTP 429", "openai:gpt-4o-mini")) {
            assertTrue(page.contains(part), part);
        }
        // File links are relative to the page and name files that exist.
        Matcher href = Pattern.compile("href=\"(?!data:)([^\"#][^\"]*)\"").matcher(markup);
        int files = 0;
        while (href.find()) {
            String target = java.net.URLDecoder.decode(href.group(1), java.nio.charset.StandardCharsets.UTF_8);
            assertTrue(Files.exists(html.getParent().resolve(target)), target);
            files++;
        }
        assertTrue(files > 10, "links to the variants' source files: " + files);

        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(2 * 760, img.getWidth());
        assertEquals(500, img.getHeight());
        assertTrue(colours(img) > 20, "the PNG has curves, text and a shaded band, not a blank page");
    }

    @Test
    void withoutOutTheReportGoesIntoTheCampaignFolderAndSeveralCampaignsGoSideBySide() throws IOException {
        Path other = SampleCampaigns.finished(tmp, "other");
        CliRunner one = CliRunner.run("report", other.toString());
        assertEquals(0, one.exit, one.err);
        assertTrue(Files.exists(other.resolve("report.html")));
        Path both = tmp.resolve("both.html");
        CliRunner two = CliRunner.run("report", sample.toString(), other.toString(), "--out", both.toString());
        assertEquals(0, two.exit, two.err);
        String page = Files.readString(both);
        assertTrue(page.contains("style=\"--n: 2\"") && page.contains("id=\"c1-lineage\"") && page.contains("id=\"c0-lineage\""));
        CliRunner onlyPng = CliRunner.run("report", other.toString(), "--png", tmp.resolve("only.png").toString());
        assertEquals(0, onlyPng.exit, onlyPng.err);
        assertFalse(onlyPng.out.contains("report written"), "--png alone writes no page");
    }

    @Test
    void aFolderWrittenBeforeTheReportExistedIsShownWithWhatItHas() throws IOException {
        // A campaign of the version before the redesign, killed in its third group: flat campaign.yaml, no result.json.
        Path old = tmp.resolve("old-flat");
        try (InputStream in = getClass().getResourceAsStream("/campaigns/old-flat.zip"); ZipInputStream zip = new ZipInputStream(in)) {
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                Path f = old.resolve(e.getName()).normalize();
                Files.createDirectories(f.getParent());
                Files.copy(zip, f);
            }
        }
        Path html = tmp.resolve("old.html");
        CliRunner r = CliRunner.run("report", old.toString(), "--out", html.toString(), "--png", tmp.resolve("old.png").toString());
        assertEquals(0, r.exit, r.err);
        String page = Files.readString(html);
        assertTrue(page.contains("running or stopped before its end (no result.json)"), "no result.json");
        assertTrue(page.contains("not measured yet"), "no held-out check");
        assertTrue(page.contains("search-s0-g001-1"), "its variants");
    }

    @Test
    void badInputIsOneLineAndExitOne() throws IOException {
        CliRunner none = CliRunner.run("report", tmp.resolve("nowhere").toString());
        assertEquals(1, none.exit);
        assertEquals(1, none.errLines().length, none.err);
        assertTrue(none.err.contains("is not a campaign folder (no such directory)"), none.err);

        CliRunner notCampaign = CliRunner.run("report", tmp.toString());
        assertEquals(1, notCampaign.exit);
        assertTrue(notCampaign.err.contains("is not a campaign folder (no campaign.yaml)"), notCampaign.err);

        Path broken = copy(sample, tmp.resolve("broken"));
        Path variant = broken.resolve("variants/" + SampleCampaigns.SEARCH_WINNER + "/variant.json");
        Files.writeString(variant, "{\"id\": \"search-s1-g000-0\", \"module\": ");
        CliRunner corrupt = CliRunner.run("report", broken.toString());
        assertEquals(1, corrupt.exit);
        assertEquals(1, corrupt.errLines().length, corrupt.err);
        assertTrue(corrupt.err.startsWith("crinn: error: " + variant + ": not valid JSON"), corrupt.err);

        Path badLog = copy(sample, tmp.resolve("bad-log"));
        List<String> lines = Files.readAllLines(badLog.resolve("events.jsonl"));
        lines.set(3, lines.get(3).substring(0, 20));
        Files.write(badLog.resolve("events.jsonl"), lines);
        CliRunner log = CliRunner.run("report", badLog.toString());
        assertEquals(1, log.exit);
        assertEquals(1, log.errLines().length, log.err);
        assertTrue(log.err.contains("events.jsonl line 4: not valid JSON"), log.err);

        CliRunner top = CliRunner.run("report", sample.toString(), "--top", "0");
        assertEquals(2, top.exit, top.err);
    }

    @Test
    void aTornLastEventOfARunningCampaignIsLeftOut() throws IOException {
        Path torn = copy(sample, tmp.resolve("torn"));
        Files.writeString(torn.resolve("events.jsonl"), "{\"seq\": 999, \"type\": \"evalu", java.nio.file.StandardOpenOption.APPEND);
        CliRunner r = CliRunner.run("report", torn.toString(), "--out", tmp.resolve("torn.html").toString());
        assertEquals(0, r.exit, r.err);
        assertTrue(Files.readString(tmp.resolve("torn.html")).contains("events.jsonl ends in a line still being written"));
    }

    private static int colours(BufferedImage img) {
        Set<Integer> seen = new HashSet<>();
        for (int y = 0; y < img.getHeight(); y += 2) {
            for (int x = 0; x < img.getWidth(); x += 2) {
                seen.add(img.getRGB(x, y));
            }
        }
        return seen.size();
    }
}
