package io.custos.compliance;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontFormatException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.StandardChartTheme;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jspecify.annotations.Nullable;
import org.springframework.core.io.ClassPathResource;

import io.custos.shared.pdf.PdfSheets;

/**
 * The board report's charts as PNG images, drawn with JFreeChart without a display (the JVM runs
 * headless: Spring Boot sets {@code java.awt.headless} at start, and this class sets it too when
 * nobody has, for a report drawn outside the application). The words are set in the bundled
 * WenQuanYi Micro Hei so that Chinese labels render rather than as boxes.
 */
final class BoardReportCharts {

    static {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private static final Color[] PALETTE = {new Color(0x54, 0x70, 0xC6), new Color(0xEE, 0x66, 0x66),
        new Color(0x91, 0xCC, 0x75), new Color(0xFA, 0xC8, 0x58), new Color(0x73, 0xC0, 0xDE),
        new Color(0x3B, 0xA2, 0x72)};
    private static volatile @Nullable Font font;

    private BoardReportCharts() {
    }

    /** One named series of values over the categories (months, colours). */
    record Bars(String name, List<Long> values, @Nullable List<Color> colours) {
    }

    /** A grouped bar chart as PNG, {@code width} by {@code height} pixels. */
    static byte[] bars(String title, List<String> categories, List<Bars> series, int width, int height) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (Bars bars : series) {
            for (int i = 0; i < categories.size(); i++) {
                data.addValue(bars.values().get(i), bars.name(), categories.get(i));
            }
        }
        JFreeChart chart = ChartFactory.createBarChart(title, null, null, data, PlotOrientation.VERTICAL,
                series.size() > 1, false, false);
        theme().apply(chart);
        chart.setBackgroundPaint(Color.WHITE);
        CategoryPlot plot = chart.getCategoryPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        plot.setOutlineVisible(false);
        ((NumberAxis) plot.getRangeAxis()).setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        Bars only = series.size() == 1 ? series.get(0) : null;
        BarRenderer renderer = only != null && only.colours() != null ? new ColouredBars(only.colours())
                : new BarRenderer();
        renderer.setBarPainter(new StandardBarPainter());
        renderer.setShadowVisible(false);
        renderer.setItemMargin(0.05);
        for (int i = 0; i < series.size(); i++) {
            renderer.setSeriesPaint(i, PALETTE[i % PALETTE.length]);
        }
        plot.setRenderer(renderer);
        ByteArrayOutputStream out = new ByteArrayOutputStream(32 * 1024);
        try {
            ChartUtils.writeChartAsPNG(out, chart, width, height);
        } catch (IOException e) {
            throw new UncheckedIOException("a chart could not be drawn", e);
        }
        return out.toByteArray();
    }

    /** Bars of one series, each in its own colour (the map's colours). */
    private static final class ColouredBars extends BarRenderer {

        private static final long serialVersionUID = 1L;
        private final transient List<Color> colours;

        ColouredBars(List<Color> colours) {
            this.colours = colours;
        }

        @Override
        public java.awt.Paint getItemPaint(int row, int column) {
            return colours.get(column % colours.size());
        }
    }

    private static StandardChartTheme theme() {
        Font base = font();
        StandardChartTheme theme = new StandardChartTheme("custos");
        theme.setExtraLargeFont(base.deriveFont(Font.BOLD, 18f));
        theme.setLargeFont(base.deriveFont(Font.PLAIN, 15f));
        theme.setRegularFont(base.deriveFont(Font.PLAIN, 14f));
        theme.setSmallFont(base.deriveFont(Font.PLAIN, 12f));
        return theme;
    }

    /** The bundled font's first face, read once; a font collection holds several. */
    static Font font() {
        Font known = font;
        if (known != null) {
            return known;
        }
        synchronized (BoardReportCharts.class) {
            if (font == null) {
                try (InputStream in = new ClassPathResource(PdfSheets.FONT).getInputStream()) {
                    font = Font.createFonts(in)[0];
                } catch (IOException e) {
                    throw new UncheckedIOException("the chart font " + PdfSheets.FONT + " is missing", e);
                } catch (FontFormatException e) {
                    throw new IllegalStateException("the chart font " + PdfSheets.FONT + " cannot be read", e);
                }
            }
            return java.util.Objects.requireNonNull(font);
        }
    }
}
