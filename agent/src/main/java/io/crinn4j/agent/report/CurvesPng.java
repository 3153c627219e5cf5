package io.crinn4j.agent.report;

import io.crinn4j.data.AtomicFile;
import io.crinn4j.sandbox.harness.Method;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogarithmicAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.IntervalMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.Layer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The report's QPS–recall curves alone as one PNG, for terminals and issue trackers: per campaign a
 * row of two plots, campaign queries and held-out queries, the same series as the HTML report's,
 * drawn with JFreeChart in this JVM (no browser). A plot with nothing to draw says why.
 */
public final class CurvesPng {
    static final int PLOT_WIDTH = 760;
    static final int PLOT_HEIGHT = 500;
    private static final Color[] WINNERS = {new Color(0x1f5fa8), new Color(0x0e9384), new Color(0x6938ef), new Color(0xc11574)};

    private CurvesPng() {
    }

    /** Writes the curves of {@code folders} to {@code out} (replaced atomically). */
    public static void write(List<CampaignFolder> folders, Path out) {
        System.setProperty("java.awt.headless", "true");
        List<CampaignView> views = new ArrayList<>();
        for (int i = 0; i < folders.size(); i++) {
            views.add(new CampaignView(i, folders.get(i), 1));
        }
        BufferedImage img = new BufferedImage(2 * PLOT_WIDTH, views.size() * PLOT_HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, img.getWidth(), img.getHeight());
            for (int row = 0; row < views.size(); row++) {
                CampaignView v = views.get(row);
                List<Curves.Set> sets = List.of(v.campaignCurves, v.heldOutCurves);
                for (int col = 0; col < 2; col++) {
                    chart(v, sets.get(col)).draw(g, new java.awt.geom.Rectangle2D.Double(col * PLOT_WIDTH, row * PLOT_HEIGHT, PLOT_WIDTH,
                            PLOT_HEIGHT));
                }
            }
        } finally {
            g.dispose();
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            ImageIO.write(img, "png", bytes);
            AtomicFile.write(out, bytes.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + out + ": " + e.getMessage(), e);
        }
    }

    /** One plot: recall across, log QPS up, the reward band shaded. */
    static JFreeChart chart(CampaignView v, Curves.Set set) {
        XYSeriesCollection ds = new XYSeriesCollection();
        double lo = v.band.lo();
        for (Curves.Series s : set.series()) {
            XYSeries xs = new XYSeries(s.name(), false, true);
            for (Curves.Point p : s.points()) {
                xs.add(p.recall(), p.qps());
                lo = Math.min(lo, p.recall());
            }
            ds.addSeries(xs);
        }
        NumberAxis x = new NumberAxis("recall@10");
        x.setRange(Math.max(0, Math.floor((lo - 0.01) * 20) / 20), 1.0);
        LogarithmicAxis y = new LogarithmicAxis("queries per second (log scale)");
        y.setStrictValuesFlag(false);
        y.setNumberFormatOverride(new DecimalFormat("#,##0"));
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, true);
        int winners = 0;
        Color last = new Color(0x475467);
        for (int i = 0; i < set.series().size(); i++) {
            Curves.Series s = set.series().get(i);
            boolean paired = s.role().endsWith("-seed"); // the seed instance of the variant before it, same worker: its colour, dashed
            Color c = paired ? last : switch (s.role()) {
                case "seed" -> new Color(0x475467);
                case "final" -> new Color(0xd92d20);
                case "best" -> new Color(0xf79009);
                default -> WINNERS[winners++ % WINNERS.length];
            };
            last = c;
            r.setSeriesPaint(i, c);
            r.setSeriesStroke(i, paired ? new BasicStroke(1.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 1, new float[] {6, 4}, 0)
                    : new BasicStroke("final".equals(s.role()) ? 2.5f : 1.8f));
            r.setSeriesShape(i, new java.awt.geom.Ellipse2D.Double(-2.5, -2.5, 5, 5));
        }
        XYPlot plot = new XYPlot(ds, x, y, r);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(0xd9dee5));
        plot.setRangeGridlinePaint(new Color(0xd9dee5));
        IntervalMarker band = new IntervalMarker(v.band.lo(), v.band.hi(), new Color(250, 200, 40, 60));
        band.setLabel("reward band");
        band.setLabelAnchor(RectangleAnchor.TOP);
        band.setLabelTextAnchor(TextAnchor.TOP_CENTER);
        plot.addDomainMarker(band, Layer.BACKGROUND);
        if (!set.drawn()) {
            plot.setNoDataMessage(set.note() == null ? "nothing recorded" : set.note());
            plot.setNoDataMessageFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        }
        JFreeChart chart = new JFreeChart(v.name() + " — " + set.title(), new Font(Font.SANS_SERIF, Font.BOLD, 15), plot, set.drawn());
        chart.setBackgroundPaint(Color.WHITE);
        TextTitle method = new TextTitle(methodLine(v), new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        chart.addSubtitle(method);
        if (set.drawn() && set.note() != null) {
            chart.addSubtitle(new TextTitle(set.note(), new Font(Font.SANS_SERIF, Font.ITALIC, 11)));
        }
        return chart;
    }

    /** The short method line under each plot's title. */
    static String methodLine(CampaignView v) {
        List<Method> ms = v.methods();
        String machine = ms.isEmpty() ? "machine not recorded" : String.format(Locale.ROOT, "JDK %s, kernels %s, %d CPUs", ms.get(0).jdk(),
                ms.get(0).kernels(), ms.get(0).cpus());
        var sw = v.cfg.sandboxConfig().sweep();
        return String.format(Locale.ROOT, "%s · %s · %d thread, best of %d runs per ef, recall@%d, band [%.2f, %.2f]", v.cfg.dataset(), machine,
                sw.threads(), sw.runs(), sw.k(), v.band.lo(), v.band.hi());
    }
}
