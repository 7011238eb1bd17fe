package io.dvc.node.storage;

class InMemoryKvStoreTest extends AbstractKvStoreContractTest {
  @Override
  KvStore open(final KvSchema schema) {
    return InMemoryKvStore.create(schema);
  }
}
