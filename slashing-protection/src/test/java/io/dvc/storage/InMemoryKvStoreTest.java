package io.dvc.storage;

class InMemoryKvStoreTest extends AbstractKvStoreContractTest {
  @Override
  KvStore open(final KvSchema schema) {
    return InMemoryKvStore.create(schema);
  }
}
