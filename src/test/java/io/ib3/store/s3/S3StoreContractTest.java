package io.ib3.store.s3;

import io.ib3.store.object.ObjectStore;
import io.ib3.store.Store;
import io.ib3.store.StoreContract;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.concurrent.atomic.AtomicInteger;

/** The store contract on S3Proxy: 8 MiB parts so the 40 MiB object takes five parts; 7 keys a page. */
class S3StoreContractTest extends StoreContract {

    @RegisterExtension
    static final S3ServerExtension S3 = S3ServerExtension.s3proxy();

    private static final AtomicInteger N = new AtomicInteger();
    private static String bucket;

    @BeforeAll
    static void bucket() {
        bucket = S3.newBucket();
    }

    @Override
    protected Store newStore() {
        // a fresh prefix per test: every test starts from an empty store
        return new ObjectStore<>(new S3Bucket(S3.config().build(), bucket), "contract/t" + N.incrementAndGet(), 7);
    }
}
