package dev.microledger.bench.machine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import dev.microledger.bench.report.CpuUsage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

class CpuMeterTests {

    @Test
    void machineTicksCountEverythingButGuestTime() {
        CpuMeter.MachineTicks ticks = CpuMeter.parseMachineTicks("cpu  100 5 50 800 40 3 2 0 7 0");

        // user nice system idle iowait irq softirq steal; guest (7) is inside user already.
        assertThat(ticks).isEqualTo(new CpuMeter.MachineTicks(1000, 800, 40));
    }

    @Test
    void machineTicksOfAnUnexpectedLineAreUnknown() {
        assertThat(CpuMeter.parseMachineTicks("intr 12345")).isNull();
    }

    @Test
    void processTicksAreUserPlusSystemCountedFromTheLastParenthesis() {
        String stat = "4242 (java (bench) x) S 1 4242 4242 0 -1 4194560 5000 0 0 0 1234 567 0 0 20 0 60 0 100 0 0";

        assertThat(CpuMeter.parseProcessTicks(stat)).isEqualTo(1234 + 567);
        assertThat(CpuMeter.parseProcessTicks("garbage")).isEqualTo(-1);
    }

    @Test
    void aServersTicksIncludeThoseOfTheConnectionsThatEnded() {
        String stat = "77 (postgres) S 1 77 77 0 -1 4194560 5000 0 0 0 300 40 900 60 20 0 1 0 100 0 0";

        assertThat(CpuMeter.parseProcessTicks(stat)).isEqualTo(300 + 40);
        assertThat(CpuMeter.parseProcessAndWaitedChildrenTicks(stat)).isEqualTo(300 + 40 + 900 + 60);
    }

    @Test
    void usageBetweenSnapshotsIsTheShareOfTicksAndTheCoresPerProcess() {
        CpuMeter meter = new CpuMeter(Map.of(), 100);
        CpuMeter.Snapshot from = new CpuMeter.Snapshot(0, new CpuMeter.MachineTicks(1000, 600, 100), Map.of("ledger-service", 100L));
        CpuMeter.Snapshot to = new CpuMeter.Snapshot(2_000_000_000L, new CpuMeter.MachineTicks(1400, 700, 120),
                Map.of("ledger-service", 400L));

        CpuUsage usage = meter.between(from, to);

        // 400 ticks passed: 100 idle, 20 iowait, 280 busy. With 100 ticks a second, 300 ticks in 2 s is 1.5 cores.
        assertThat(usage.machineBusyPercent()).isEqualTo(70.0);
        assertThat(usage.iowaitPercent()).isEqualTo(5.0);
        assertThat(usage.processCores()).containsEntry("ledger-service", 300 / 100.0 / 2);
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void thisProcessCanBeMeasuredOnLinux() {
        CpuMeter meter = new CpuMeter(Map.of("bench", ProcessHandle.current().pid()));
        CpuMeter.Snapshot snapshot = meter.snapshot();

        assertThat(snapshot.machine()).isNotNull();
        assertThat(snapshot.processTicks()).containsKey("bench");
    }
}
