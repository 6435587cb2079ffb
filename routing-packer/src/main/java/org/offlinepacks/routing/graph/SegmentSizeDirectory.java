package org.offlinepacks.routing.graph;

import com.graphhopper.storage.DAType;
import com.graphhopper.storage.DataAccess;
import com.graphhopper.storage.Directory;
import java.util.Map;

/**
 * A GraphHopper {@link Directory} that gives data files created without an explicit segment size
 * the pack's small segment size instead of GraphHopper's 1 MB default (the location index would
 * otherwise be a megabyte of mostly zeros for a village). The size is stored in each file's header,
 * so loading needs no such wrapper.
 */
final class SegmentSizeDirectory implements Directory {
    private final Directory delegate;
    private final int segmentSizeBytes;

    SegmentSizeDirectory(Directory delegate, int segmentSizeBytes) {
        this.delegate = delegate;
        this.segmentSizeBytes = segmentSizeBytes;
    }

    @Override
    public String getLocation() {
        return delegate.getLocation();
    }

    @Override
    public DataAccess create(String name) {
        return delegate.create(name, segmentSizeBytes);
    }

    @Override
    public DataAccess create(String name, int segmentSize) {
        return delegate.create(name, segmentSize < 0 ? segmentSizeBytes : segmentSize);
    }

    @Override
    public DataAccess create(String name, DAType type) {
        return delegate.create(name, type, segmentSizeBytes);
    }

    @Override
    public DataAccess create(String name, DAType type, int segmentSize) {
        return delegate.create(name, type, segmentSize < 0 ? segmentSizeBytes : segmentSize);
    }

    @Override
    public void remove(String name) {
        delegate.remove(name);
    }

    @Override
    public DAType getDefaultType() {
        return delegate.getDefaultType();
    }

    @Override
    public DAType getDefaultType(String name, boolean preferInts) {
        return delegate.getDefaultType(name, preferInts);
    }

    @Override
    public void clear() {
        delegate.clear();
    }

    @Override
    public void close() {
        delegate.close();
    }

    @Override
    public Directory create() {
        delegate.create();
        return this;
    }

    @Override
    public Map<String, DataAccess> getDAs() {
        return delegate.getDAs();
    }
}
