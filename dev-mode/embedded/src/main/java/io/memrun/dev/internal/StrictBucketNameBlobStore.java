package io.memrun.dev.internal;

import java.util.Optional;

import org.gaul.s3proxy.S3ErrorCode;
import org.gaul.s3proxy.S3ProxyException;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.blobstore.ForwardingBlobStore;
import software.amazon.awssdk.services.s3.model.CreateBucketRequest;
import software.amazon.awssdk.services.s3.model.CreateBucketResponse;

/**
 * Refuses to create buckets whose names break {@link S3BucketNames}, answering as S3 does:
 * {@code 400 InvalidBucketName}. Everything else passes through to the wrapped store.
 */
public final class StrictBucketNameBlobStore extends ForwardingBlobStore {

    public StrictBucketNameBlobStore(BlobStore delegate) {
        super(delegate);
    }

    @Override
    public CreateBucketResponse createContainer(CreateBucketRequest request) {
        Optional<String> violation = S3BucketNames.violation(request.bucket());
        if (violation.isPresent()) {
            throw new S3ProxyException(S3ErrorCode.INVALID_BUCKET_NAME,
                    "The bucket name '" + request.bucket() + "' " + violation.get());
        }
        return super.createContainer(request);
    }
}
