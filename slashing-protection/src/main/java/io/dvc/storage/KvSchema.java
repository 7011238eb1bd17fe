package io.dvc.storage;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The columns a store holds and the schema version of their layout. The version is stored in the
 * reserved {@link #META} column and checked on open: a database written by a newer version is
 * refused.
 */
public record KvSchema(int version, List<KvColumn<?, ?>> columns) {

  /** Reserved column for the schema version; every store has it. */
  public static final KvColumn<String, Integer> META =
      KvColumn.of("dvc_schema_meta", KvSerializer.UTF8, KvSerializer.INT32);

  static final String VERSION_KEY = "schema_version";

  public KvSchema {
    if (version < 1) {
      throw new IllegalArgumentException("schema version must be at least 1");
    }
    columns = List.copyOf(columns);
    final Set<String> names = new HashSet<>();
    names.add(META.name());
    for (final KvColumn<?, ?> column : columns) {
      if (!names.add(column.name())) {
        throw new IllegalArgumentException("duplicate column name " + column.name());
      }
    }
  }

  /** The declared columns followed by the reserved meta column. */
  List<KvColumn<?, ?>> allColumns() {
    final List<KvColumn<?, ?>> all = new ArrayList<>(columns);
    all.add(META);
    return List.copyOf(all);
  }
}
