package io.ib3.exec;

import io.ib3.layout.CatalogV3Header;
import io.ib3.layout.FileKind;
import io.ib3.layout.FramedCatalogFile;
import io.ib3.layout.LayoutFormatException;
import io.ib3.layout.ParquetFrame;
import io.ib3.layout.WalHeader;
import io.ib3.manifest.VerifyReport.Problem;

import java.io.IOException;
import java.io.InputStream;

/**
 * The checks a file of a known kind can make of its own bytes: WAL and catalog framing and CRCs,
 * Parquet magic and footer frame. Shared by {@code verify} and {@code backups adopt}, which
 * checksums the same stream while it is checked.
 */
final class FormatCheck {

    private FormatCheck() {
    }

    /** Kinds with a format of their own to check. */
    static boolean applies(FileKind k) {
        return k == FileKind.WAL || k.isCatalog() || k == FileKind.PARQUET;
    }

    /**
     * Reads {@code in} to its end and checks it as a file of kind {@code k}.
     *
     * @param rel key to name in the problem
     * @return the problem, or {@code null} when the file is well formed (or has no format to check)
     * @throws IOException when the stream fails: that is the store's fault, not the file's
     */
    static Problem check(String rel, FileKind k, InputStream in) throws IOException {
        try {
            if (k == FileKind.WAL) {
                WalHeader.validate(rel, in);
            } else if (k == FileKind.CATALOG_V3_LOG || k == FileKind.CATALOG_V3_SNAPSHOT) {
                CatalogV3Header.validate(rel, in);
            } else if (k.isCatalog()) {
                FramedCatalogFile.validate(rel, in.readAllBytes());
            } else if (k == FileKind.PARQUET) {
                ParquetFrame.check(rel, in);
            }
            return null;
        } catch (LayoutFormatException e) {
            return new Problem(rel, e.getMessage());
        }
    }
}
