package io.crinn4j.agent.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.crinn4j.agent.campaign.SampleCampaigns;
import io.crinn4j.data.AtomicFile;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.devtools.DevTools;
import org.openqa.selenium.devtools.v156.log.Log;
import org.openqa.selenium.devtools.v156.page.Page;
import org.openqa.selenium.devtools.v156.runtime.Runtime;
import org.openqa.selenium.devtools.v156.runtime.model.ConsoleAPICalled;

/**
 * The report in a real browser: Debian's headless Chromium driven by its chromedriver (both installed
 * by {@code .ci/run}; the tests are skipped where either is missing). A page must load with no
 * console error or uncaught exception (watched over the DevTools protocol from before it loads),
 * every chart must be drawn by ECharts with the series the campaign calls for, every link must
 * resolve (an anchor to an element of the page, a file link to a file that exists), a link to a
 * variant's code must show it, and screenshots must not be blank. Screenshots are kept in
 * {@code target/report-shots/}.
 */
@EnabledIf(value = "browserInstalled", disabledReason = "Debian's chromium and chromium-driver are not installed (.ci/run installs them)")
class ReportBrowserTest {
    static final Path CHROMIUM = Path.of(System.getProperty("crinn.chromium", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(System.getProperty("crinn.chromedriver", "/usr/bin/chromedriver"));
    private static final Path SHOTS = Path.of("target", "report-shots");

    @TempDir
    static Path tmp;

    private static ChromeDriver driver;
    private static DevTools devTools;
    private static final List<String> errors = Collections.synchronizedList(new ArrayList<>());
    private static Path finished;

    static boolean browserInstalled() {
        return Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    }

    @BeforeAll
    static void browser() throws IOException {
        finished = SampleCampaigns.finished(tmp, "finished");
        ChromeOptions o = new ChromeOptions();
        o.setBinary(CHROMIUM.toFile());
        // Without the background-networking flags a closed network refuses Chromium's own connections, which it logs as errors.
        o.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage", "--hide-scrollbars", "--window-size=1400,1000",
                "--user-data-dir=" + Files.createDirectories(tmp.resolve("profile")));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        driver = new ChromeDriver(service, o);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
        devTools = driver.getDevTools();
        devTools.createSession();
        devTools.send(Runtime.enable());
        devTools.send(Log.enable());
        devTools.addListener(Runtime.exceptionThrown(), e -> errors.add("uncaught: " + e.getExceptionDetails().getText()
                + e.getExceptionDetails().getException().flatMap(r -> r.getDescription()).map(d -> " " + d).orElse("")));
        devTools.addListener(Runtime.consoleAPICalled(), e -> {
            if (e.getType() == ConsoleAPICalled.Type.ERROR || e.getType() == ConsoleAPICalled.Type.ASSERT) {
                errors.add("console." + e.getType() + ": " + e.getArgs().stream()
                        .map(a -> a.getValue().map(String::valueOf).or(a::getDescription).orElse(String.valueOf(a.getType()))).toList());
            }
        });
        devTools.addListener(Log.entryAdded(), e -> {
            if (e.getLevel() == org.openqa.selenium.devtools.v156.log.model.LogEntry.Level.ERROR) {
                errors.add("log: " + e.getText() + e.getUrl().map(u -> " (" + u + ")").orElse(""));
            }
        });
        Files.createDirectories(SHOTS);
    }

    @AfterAll
    static void quit() {
        if (driver != null) {
            driver.quit();
        }
    }

    @Test
    void theReportOfAFinishedCampaignLoadsDrawsEveryChartAndItsLinksResolve() throws IOException {
        Path html = write(List.of(finished), tmp.resolve("finished.html"));
        load(html);
        CampaignFolder f = CampaignFolder.read(finished);
        List<String> statuses = new ArrayList<>(List.of("OK", "PARSE_ERROR", "BUILD_BUDGET", "NO_CODE", "PROPOSER_ERROR", "DUPLICATE"));
        List<String> failures = statuses.subList(1, statuses.size());
        Map<String, List<String>> expected = Map.of(
                "c0-curves-campaign", List.of("seed", "construction winner " + SampleCampaigns.CONSTRUCTION_WINNER,
                        "final set: search winner " + SampleCampaigns.SEARCH_WINNER),
                "c0-curves-heldOut", List.of("seed", "final set"),
                "c0-timeline", concat(statuses, List.of("best so far", "stage winner")),
                "c0-lineage", List.of("lineage"),
                "c0-failures", List.copyOf(failures),
                "c0-tokens", List.of("input tokens", "output tokens", "cost (USD)"));
        assertEquals(expected.keySet(), Set.copyOf(chartIds()));
        for (Map.Entry<String, List<String>> e : expected.entrySet()) {
            assertEquals(e.getValue(), seriesNames(e.getKey()), e.getKey());
            assertChartDrawn(e.getKey());
        }
        // The data behind them: the lineage has every variant and the crossover's dashed edge; the timeline every evaluation.
        assertEquals(f.variants().size(), ((Number) js("return echarts.getInstanceByDom(document.getElementById('c0-lineage'))"
                + ".getOption().series[0].data.length")).intValue());
        assertEquals("dashed", js("var s = echarts.getInstanceByDom(document.getElementById('c0-lineage')).getOption().series[0];"
                + " return s.links.filter(function (l) { return l.kind === 'crossover'; })[0].lineStyle.type;"));
        long evaluations = f.variants().stream().filter(v -> !v.isStart()).count();
        assertEquals(evaluations, ((Number) js("var s = echarts.getInstanceByDom(document.getElementById('c0-timeline')).getOption().series;"
                + " var n = 0; s.forEach(function (x) { if (x.type === 'scatter' && x.name !== 'stage winner') { n += x.data.length; } }); return n;"))
                .longValue());
        assertEquals(List.of(0.85, 0.95), js("var a = echarts.getInstanceByDom(document.getElementById('c0-curves-campaign')).getOption()"
                + ".series[0].markArea.data[0]; return [a[0].xAxis, a[1].xAxis];"), "the reward band is shaded on the curves");

        assertLinksResolve(html);
        // A leaderboard's code link shows the variant's source; a diff link its changes against its parent.
        click(driver.findElement(By.cssSelector("a[href='#c0-code-" + SampleCampaigns.SEARCH_WINNER + "']")));
        WebElement panel = driver.findElement(By.id("c0-code-" + SampleCampaigns.SEARCH_WINNER));
        assertTrue(panel.isDisplayed());
        assertTrue(panel.getText().contains("SPEED = 1.06"), "the winner's code");
        click(driver.findElement(By.cssSelector("a[href='#c0-diff-" + SampleCampaigns.SEARCH_WINNER + "']")));
        WebElement diff = driver.findElement(By.id("c0-diff-" + SampleCampaigns.SEARCH_WINNER));
        assertTrue(diff.isDisplayed() && !panel.isDisplayed(), "one panel at a time");
        assertTrue(diff.findElement(By.cssSelector("span.da")).getText().contains("SPEED = 1.06"), "the added line");
        assertEquals(List.of(), errors);
        assertNotBlank(fullPage("finished.png"));
    }

    @Test
    void aRunningCampaignBesideAFinishedOneLoadsWithTheChartsItHasSoFar() throws Exception {
        SampleCampaigns.Running running = SampleCampaigns.running(tmp, "running");
        try {
            Path html = write(List.of(running.path, finished), tmp.resolve("running.html"));
            load(html);
            List<String> ids = chartIds();
            assertFalse(ids.contains("c0-curves-heldOut"), "no held-out curves before the campaign ends");
            assertTrue(ids.containsAll(List.of("c0-curves-campaign", "c0-timeline", "c0-lineage", "c0-failures", "c0-tokens",
                    "c1-curves-campaign", "c1-curves-heldOut", "c1-timeline", "c1-lineage")), ids.toString());
            assertEquals(List.of("seed", "construction winner " + SampleCampaigns.CONSTRUCTION_WINNER,
                    "best so far (not confirmed): " + SampleCampaigns.SEARCH_WINNER), seriesNames("c0-curves-campaign"));
            for (String id : ids) {
                assertFalse(seriesNames(id).isEmpty(), id);
                assertChartDrawn(id);
            }
            String text = driver.findElement(By.id("curves")).getText();
            assertTrue(text.contains("not measured yet: the held-out check runs when the campaign's last stage has ended"), text);
            assertTrue(driver.findElement(By.id("overview")).getText().contains("running or stopped before its end"));
            assertLinksResolve(html);
            assertEquals(List.of(), errors);
            assertNotBlank(fullPage("running-beside-finished.png"));
        } finally {
            running.finish();
        }
    }

    // ---- helpers ----

    private static Path write(List<Path> folders, Path html) throws IOException {
        List<CampaignFolder> fs = new ArrayList<>();
        for (Path p : folders) {
            fs.add(CampaignFolder.read(p));
        }
        AtomicFile.writeString(html, HtmlReport.render(fs, html, 10));
        return html;
    }

    /** Opens the page and waits until every chart element has its ECharts instance. */
    private static void load(Path html) {
        errors.clear();
        driver.get(html.toUri().toString());
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!Boolean.TRUE.equals(js("var els = document.querySelectorAll('[data-chart]');"
                + " return document.readyState === 'complete' && typeof echarts !== 'undefined' && els.length > 0"
                + " && Array.prototype.every.call(els, function (el) { return !!echarts.getInstanceByDom(el); });"))) {
            assertTrue(System.nanoTime() < deadline, "the charts were not drawn within 30 s; errors: " + errors);
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /** Clicks as a reader would: the link scrolled to the middle of the window, clear of the page's sticky header. */
    private static void click(WebElement link) {
        driver.executeScript("arguments[0].scrollIntoView({block: 'center'});", link);
        link.click();
    }

    private static Object js(String script) {
        return driver.executeScript(script);
    }

    @SuppressWarnings("unchecked")
    private static List<String> chartIds() {
        return (List<String>) js("return Array.prototype.map.call(document.querySelectorAll('[data-chart]'), function (e) { return e.id; });");
    }

    @SuppressWarnings("unchecked")
    private static List<String> seriesNames(String id) {
        List<String> drawn = (List<String>) js("return echarts.getInstanceByDom(document.getElementById('" + id + "')).getOption().series"
                + ".map(function (s) { return s.name; });");
        // The page states what each chart should hold; the script drew it from the data.
        String stated = driver.findElement(By.id(id)).getAttribute("data-series");
        assertEquals(List.of(stated.split("\u001f")), drawn, id + ": drawn as the page states");
        return drawn;
    }

    /** The chart's pixels are not one flat colour: axes, labels, marks. */
    private static void assertChartDrawn(String id) throws IOException {
        WebElement el = driver.findElement(By.id(id));
        ((ChromeDriver) driver).executeScript("arguments[0].scrollIntoView({block: 'center'});", el);
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(el.getScreenshotAs(OutputType.BYTES)));
        assertTrue(img.getWidth() > 300 && img.getHeight() > 200, id + " is " + img.getWidth() + "x" + img.getHeight());
        assertTrue(colours(img) > 12, id + " looks blank: " + colours(img) + " colours");
    }

    /** Every link: an anchor names an element of the page, any other link a file that exists. */
    @SuppressWarnings("unchecked")
    private static void assertLinksResolve(Path html) {
        List<String> hrefs = (List<String>) js("return Array.prototype.map.call(document.querySelectorAll('a[href]'),"
                + " function (a) { return a.getAttribute('href'); });");
        assertTrue(hrefs.size() > 50, "links: " + hrefs.size());
        Set<String> missing = new HashSet<>();
        for (String h : hrefs) {
            if (h.startsWith("#")) {
                if (!Boolean.TRUE.equals(js("return document.getElementById(arguments[0]) !== null;".replace("arguments[0]",
                        "'" + h.substring(1).replace("'", "\\'") + "'")))) {
                    missing.add(h);
                }
            } else {
                Path target = Path.of(URI.create(html.toUri().toString()).resolve(h));
                if (!Files.exists(target)) {
                    missing.add(h + " -> " + URLDecoder.decode(target.toString(), StandardCharsets.UTF_8));
                }
            }
        }
        assertEquals(Set.of(), missing);
    }

    /** The whole page as one PNG (DevTools' capture beyond the viewport), kept in target/report-shots/. */
    private static BufferedImage fullPage(String name) throws IOException {
        js("location.hash = ''; window.scrollTo(0, 0);"
                + " document.querySelectorAll('.scroll').forEach(function (e) { e.scrollLeft = 0; });");
        assertEquals(Boolean.TRUE, js("return document.documentElement.scrollWidth <= window.innerWidth;"), "nothing sticks out to the right");
        String b64 = devTools.send(Page.captureScreenshot(Optional.of(Page.CaptureScreenshotFormat.PNG), Optional.empty(), Optional.empty(),
                Optional.of(true), Optional.of(true), Optional.empty()));
        byte[] png = Base64.getDecoder().decode(b64);
        Files.write(SHOTS.resolve(name), png);
        return ImageIO.read(new ByteArrayInputStream(png));
    }

    private static void assertNotBlank(BufferedImage img) {
        assertTrue(img.getHeight() > 2000, "the whole page: " + img.getWidth() + "x" + img.getHeight());
        assertTrue(colours(img) > 100, "a page of tables and charts, not a blank one: " + colours(img) + " colours");
    }

    static int colours(BufferedImage img) {
        Set<Integer> seen = new HashSet<>();
        for (int y = 0; y < img.getHeight(); y += 2) {
            for (int x = 0; x < img.getWidth(); x += 2) {
                seen.add(img.getRGB(x, y));
            }
        }
        return seen.size();
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }
}
