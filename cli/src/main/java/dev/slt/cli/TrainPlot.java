package dev.slt.cli;

import dev.slt.nn.checkpoint.AtomicFiles;
import dev.slt.nn.train.EpochLog;
import dev.slt.nn.train.History;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** curves.png: loss (left) and accuracy (right) per epoch for train, validation and test, side by side. */
final class TrainPlot {

    private static final int WIDTH = 640, HEIGHT = 420;

    private TrainPlot() {}

    static void write(History history, Path file) {
        System.setProperty("java.awt.headless", "true");  // servers and CI have no display
        XYChart loss = chart("Loss", "cross-entropy", history, "loss", 1, Styler.LegendPosition.InsideNE);
        XYChart acc = chart("Accuracy", "accuracy (%)", history, "accuracy", 100, Styler.LegendPosition.InsideSE);
        BufferedImage img = new BufferedImage(2 * WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.drawImage(BitmapEncoder.getBufferedImage(loss), 0, 0, null);
        g.drawImage(BitmapEncoder.getBufferedImage(acc), WIDTH, 0, null);
        g.dispose();
        var bytes = new ByteArrayOutputStream();
        try {
            ImageIO.write(img, "png", bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode " + file + ": " + e.getMessage(), e);
        }
        AtomicFiles.write(file, bytes.toByteArray());
    }

    /** Legends go where rising accuracy or falling loss leaves room. */
    private static XYChart chart(String title, String yTitle, History history, String metric, double scale, Styler.LegendPosition legend) {
        XYChart c = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle("epoch").yAxisTitle(yTitle).build();
        c.getStyler().setLegendPosition(legend);
        for (String split : new String[] {"train", "val", "test"}) {
            List<Double> x = new ArrayList<>(), y = new ArrayList<>();
            for (EpochLog e : history.epochs()) {
                String key = split + "_" + metric;
                if (e.has(key)) {
                    x.add(e.epoch() + 1.0);
                    y.add(scale * e.get(key));
                }
            }
            if (!x.isEmpty()) c.addSeries(split, x, y).setMarker(SeriesMarkers.CIRCLE);
        }
        return c;
    }
}
