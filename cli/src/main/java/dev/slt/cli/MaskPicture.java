package dev.slt.cli;

import dev.slt.nn.checkpoint.AtomicFiles;
import dev.slt.pruning.Mask;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * A round's masks as a picture: one row per layer, the IMP mask on the left and the ticket mask on the
 * right, each drawn as its matrix view (rows = output channels, columns = C_in*kh*kw), kept entries
 * dark. Refill shows as full horizontal stripes, regroup as blocks: rows are drawn in the order given
 * per layer (regroup: block by block, so each block is one band), else in channel order. A large
 * matrix is shrunk: a pixel's grey level is the share of kept entries it covers.
 */
final class MaskPicture {

    private static final int PANEL_W = 420, PANEL_H = 220, LABEL_H = 16, GAP = 12;

    private MaskPicture() {}

    static void write(Path file, Mask imp, Mask ticket, Map<String, int[]> rowOrder, String title) {
        System.setProperty("java.awt.headless", "true");
        int[] heights = new int[imp.names().size()];
        int total = LABEL_H + GAP;
        for (int i = 0; i < heights.length; i++) {
            String n = imp.names().get(i);
            heights[i] = size(imp.rows(n), imp.cols(n))[1];
            total += LABEL_H + heights[i] + GAP;
        }
        int width = 2 * PANEL_W + 3 * GAP;
        BufferedImage img = new BufferedImage(width, total, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, total);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 12));
        g.drawString(title + "  (left IMP, right ticket; rows = output channels, by block for regroup; cols = C_in*kh*kw)", GAP, LABEL_H - 3);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        int y = LABEL_H + GAP;
        for (int i = 0; i < heights.length; i++) {
            String n = imp.names().get(i);
            g.setColor(Color.BLACK);
            g.drawString(String.format(java.util.Locale.ROOT, "%s %s  density %.3f -> %.3f, channels %d -> %d of %d", n, Arrays.toString(imp.shape(n)),
                    imp.density(n), ticket.density(n), imp.liveChannels(n), ticket.liveChannels(n), imp.rows(n)), GAP, y + LABEL_H - 4);
            y += LABEL_H;
            int[] order = rowOrder.get(n);
            draw(img, permuted(imp.get(n), imp.cols(n), order), imp.rows(n), imp.cols(n), GAP, y);
            draw(img, permuted(ticket.get(n), ticket.cols(n), order), ticket.rows(n), ticket.cols(n), 2 * GAP + PANEL_W, y);
            y += heights[i] + GAP;
        }
        g.dispose();
        var bytes = new ByteArrayOutputStream();
        try {
            ImageIO.write(img, "png", bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode " + file + ": " + e.getMessage(), e);
        }
        AtomicFiles.write(file, bytes.toByteArray());
    }

    /** The rows of {@code m} in {@code order} (null: as they are). */
    private static float[] permuted(float[] m, int cols, int[] order) {
        if (order == null) return m;
        float[] out = new float[m.length];
        for (int i = 0; i < order.length; i++) System.arraycopy(m, order[i] * cols, out, i * cols, cols);
        return out;
    }

    /** Panel {width, height}: an integer zoom of the matrix where it fits, else shrunk to the panel. */
    static int[] size(int rows, int cols) {
        int zoom = Math.max(1, Math.min(PANEL_W / cols, PANEL_H / rows));
        int zoomY = Math.max(zoom, Math.min(4, PANEL_H / rows));   // a few rows get at least 4 px each, so stripes show
        return new int[] {Math.min(cols * zoom, PANEL_W), Math.min(rows * zoomY, PANEL_H)};
    }

    private static void draw(BufferedImage img, float[] m, int rows, int cols, int x0, int y0) {
        int[] wh = size(rows, cols);
        for (int py = 0; py < wh[1]; py++) {
            int r0 = (int) ((long) py * rows / wh[1]), r1 = Math.max(r0 + 1, (int) ((long) (py + 1) * rows / wh[1]));
            for (int px = 0; px < wh[0]; px++) {
                int c0 = (int) ((long) px * cols / wh[0]), c1 = Math.max(c0 + 1, (int) ((long) (px + 1) * cols / wh[0]));
                int kept = 0;
                for (int r = r0; r < r1; r++) for (int c = c0; c < c1; c++) if (m[r * cols + c] != 0f) kept++;
                int grey = 255 - (int) Math.round(255.0 * kept / ((r1 - r0) * (c1 - c0)));
                img.setRGB(x0 + px, y0 + py, (grey << 16) | (grey << 8) | grey);
            }
        }
        for (int px = -1; px <= wh[0]; px++) {   // a frame, so an all-pruned layer still shows its extent
            img.setRGB(x0 + px, y0 - 1, 0x999999);
            img.setRGB(x0 + px, y0 + wh[1], 0x999999);
        }
        for (int py = 0; py < wh[1]; py++) {
            img.setRGB(x0 - 1, y0 + py, 0x999999);
            img.setRGB(x0 + wh[0], y0 + py, 0x999999);
        }
    }
}
