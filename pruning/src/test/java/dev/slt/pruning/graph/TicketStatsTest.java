package dev.slt.pruning.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slt.nn.Module;
import dev.slt.nn.models.Models;
import java.util.HashMap;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class TicketStatsTest {

    /** resnet20 at 32x32: the published 40.55M multiply-adds of its 19 convs. */
    private static final long RESNET20_MACS = 40_550_400L;
    private static final long STAGE1_CONV_MACS = 16L * 16 * 9 * 32 * 32;

    @Test
    void denseTicketCountsEverything() {
        Module model = Models.create("resnet20", 3, 10, 1);
        TicketStats s = TicketStats.of(model, TestMasks.ones(model), 32);
        assertEquals(RESNET20_MACS, s.denseMacs());
        assertEquals(RESNET20_MACS, s.ticketMacs());
        assertEquals(1.0, s.weightDensity());
        assertEquals(1.0, s.channelDensity());
        assertEquals(0.0, s.parameterSparsity());
        assertEquals(19, s.layers().size());
        assertEquals(18, s.layers().stream().filter(TicketStats.Layer::prunable).count());
    }

    @Test
    void droppedChannelsCreditTheNextLayer() {
        Module model = Models.create("resnet20", 3, 10, 1);
        var mask = new HashMap<>(TestMasks.ones(model));
        mask.put("layer1.0.conv1.weight", TestMasks.firstRows(model, "layer1.0.conv1.weight", 4));
        TicketStats s = TicketStats.of(model, mask, 32);
        var conv1 = s.layers().stream().filter(l -> l.weight().equals("layer1.0.conv1.weight")).findFirst().orElseThrow();
        var conv2 = s.layers().stream().filter(l -> l.weight().equals("layer1.0.conv2.weight")).findFirst().orElseThrow();
        assertEquals(0.25, conv1.weightDensity());
        assertEquals(0.25, conv1.channelDensity());
        assertEquals(12, conv2.deadInputChannels());
        assertEquals(1.0, conv2.weightDensity());
        assertEquals(STAGE1_CONV_MACS / 4, conv2.ticketMacs());
        assertEquals(RESNET20_MACS - 2 * (STAGE1_CONV_MACS * 3 / 4), s.ticketMacs());
        long prunable = model.prunableConvWeights(false).values().stream().mapToLong(t -> t.size()).sum();
        assertEquals(1.0 - 16.0 * 16 * 9 * 3 / 4 / prunable, s.weightDensity(), 1e-12);
        assertEquals(16.0 * 16 * 9 * 3 / 4 / model.parameterCount(), s.parameterSparsity(), 1e-12);
    }

    /** In a plain chain of channel masks, a conv needs kept_in * kept_out * k² * H * W multiply-adds. */
    @Property(tries = 8)
    void vggChannelTicketsCountKeptInTimesKeptOut(@ForAll @LongRange(min = 0, max = 1_000_000) long seed) {
        Module model = Models.create("vgg16-bn", 3, 10, 1);
        Map<String, float[]> mask = TestMasks.channels(model, true, seed, false);
        TicketStats s = TicketStats.of(model, mask, 32);
        int keptIn = 3;
        long expected = 0;
        for (TicketStats.Layer l : s.layers()) {
            expected += (long) keptIn * l.keptOutChannels() * 9 * l.outH() * l.outW();
            assertEquals((long) keptIn * l.keptOutChannels() * 9 * l.outH() * l.outW(), l.ticketMacs(), l.weight());
            keptIn = l.keptOutChannels();
        }
        assertEquals(expected, s.ticketMacs());
        long out = s.layers().stream().mapToLong(TicketStats.Layer::outChannels).sum();
        long kept = s.layers().stream().mapToLong(TicketStats.Layer::keptOutChannels).sum();
        assertEquals((double) kept / out, s.channelDensity(), 1e-12);
    }

    @Test
    void badMasksAreNamed() {
        Module model = Models.create("resnet20", 3, 10, 1);
        var e = assertThrows(IllegalArgumentException.class, () -> TicketStats.of(model, Map.of("fc.weight", new float[10]), 32));
        assertTrue(e.getMessage().contains("fc.weight"));
        e = assertThrows(IllegalArgumentException.class,
                () -> TicketStats.of(model, Map.of("layer1.0.conv1.weight", new float[3]), 32));
        assertTrue(e.getMessage().contains("3 values"));
        e = assertThrows(IllegalArgumentException.class,
                () -> TicketStats.of(model, Map.of("layer1.0.conv1.weight", TestMasks.filled(2304, 0.5f)), 32));
        assertTrue(e.getMessage().contains("0.5"));
    }
}
