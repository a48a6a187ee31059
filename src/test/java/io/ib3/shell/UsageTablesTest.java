package io.ib3.shell;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import io.ib3.layout.CatalogGeneration;
import io.ib3.report.Table;
import io.ib3.sample.SampleTree;
import io.ib3.sample.SampleTrees;
import io.ib3.store.NioStore;
import org.junit.jupiter.api.Test;

import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UsageTablesTest {

    @Test
    void byKindDatabaseAndTable() throws Exception {
        try (FileSystem fs = Jimfs.newFileSystem(Configuration.unix())) {
            Files.createDirectories(fs.getPath("/data"));
            NioStore store = new NioStore(fs.getPath("/data"), "mem:///data");
            SampleTree t = SampleTrees.core("node0").catalog(CatalogGeneration.V2).snapshots(3).walKept(0).walAfterSnapshot(2)
                    .database("weather", "temp").database("power", "watts", "volts").writeTo(store, "root");

            Table kinds = UsageTables.byKind(io.ib3.inspect.Usage.byKind(store, "root"));
            assertEquals(List.of("kind", "files", "bytes", "size"), kinds.headers());
            assertEquals(List.of("wal", "2"), kinds.rows().stream().filter(r -> r.get(0).equals("wal")).findFirst().orElseThrow().subList(0, 2));
            assertEquals("9", cell(kinds, "parquet", 1), "3 snapshots x 3 tables");
            assertEquals(String.valueOf(t.keys().size()), cell(kinds, "total", 1));

            Table dbs = UsageTables.byDatabase(store, "root");
            assertEquals("3", cell(dbs, 1, "weather (1)", 2));
            assertEquals("6", cell(dbs, 1, "power (2)", 2));

            Table tables = UsageTables.byTable(store, "root/node0");
            assertEquals(3, tables.rows().size());
            assertTrue(tables.rows().stream().anyMatch(r -> r.get(2).equals("volts (1)") && r.get(3).equals("3")), tables.toPlainText());
        }
    }

    private static String cell(Table t, String first, int col) {
        return cell(t, 0, first, col);
    }

    private static String cell(Table t, int keyCol, String key, int col) {
        return t.rows().stream().filter(r -> r.get(keyCol).equals(key)).findFirst().orElseThrow(() -> new AssertionError(t.toPlainText()))
                .get(col);
    }
}
