package io.dvc.beaconsim;

import com.fasterxml.jackson.databind.JsonNode;
import io.dvc.bls.BlsSecretKey;
import io.dvc.spec.ForkName;
import io.dvc.spec.ForkSchemas;
import io.dvc.spec.ssz.Bytes;
import io.dvc.spec.types.BeaconBlock;
import io.dvc.spec.types.BlindedBeaconBlock;
import io.dvc.spec.types.BlockContents;
import io.dvc.spec.types.SignedBeaconBlock;
import io.dvc.spec.types.SignedBlindedBeaconBlock;
import io.dvc.spec.types.SignedBlockContents;
import java.util.Map;

/**
 * What a validator client does for a proposal, over HTTP only: the RANDAO reveal, produceBlockV3,
 * the signature over the block root (SigningRoots from the chain's config/spec), publication.
 */
final class ProposerClient {
  private final SimFixture fx;

  ProposerClient(final SimFixture fx) {
    this.fx = fx;
  }

  /** The proposer of a slot, from the duties endpoint. */
  int proposer(final long slot) {
    final long epoch = slot / fx.schedule.slotsPerEpoch();
    for (final JsonNode duty :
        fx.http.get("/eth/v1/validator/duties/proposer/" + epoch).body().get("data")) {
      if (SimFixture.uint(duty, "slot") == slot) {
        return (int) SimFixture.uint(duty, "validator_index");
      }
    }
    throw new AssertionError("no proposer duty for slot " + slot);
  }

  Bytes randao(final long slot, final BlsSecretKey key) {
    final long epoch = slot / fx.schedule.slotsPerEpoch();
    return Bytes.of(key.sign(fx.roots.randaoReveal(epoch).toArray()).toBytes());
  }

  /** produceBlockV3 with the proposer's own reveal and extra query text (e.g. "&graffiti=..."). */
  SimHttp.Response produce(final long slot, final String extraQuery) {
    return produce(slot, randao(slot, fx.keys.get(proposer(slot))), extraQuery);
  }

  SimHttp.Response produce(final long slot, final Bytes randao, final String extraQuery) {
    return fx.http.get(
        "/eth/v3/validator/blocks/" + slot + "?randao_reveal=" + randao.toHex() + extraQuery);
  }

  ForkSchemas schemas(final long slot) {
    return fx.schedule.schemas().at(fx.schedule.forkAtSlot(slot));
  }

  /** The full block of a produceBlockV3 response (BlockContents from Deneb on). */
  BlockContents contents(final SimHttp.Response produced, final long slot) {
    final ForkSchemas s = schemas(slot);
    final JsonNode data = produced.body().get("data");
    return s.blockContents().isPresent()
        ? s.blockContents().get().fromJson(data)
        : new BlockContents(
            s.beaconBlock().fromJson(data), java.util.List.of(), java.util.List.of());
  }

  BlindedBeaconBlock blinded(final SimHttp.Response produced, final long slot) {
    return schemas(slot).blindedBeaconBlock().orElseThrow().fromJson(produced.body().get("data"));
  }

  Bytes sign(final BeaconBlock block, final BlsSecretKey key) {
    return Bytes.of(key.sign(fx.roots.block(block).toArray()).toBytes());
  }

  Bytes sign(final BlindedBeaconBlock block, final BlsSecretKey key) {
    return Bytes.of(key.sign(fx.roots.block(block).toArray()).toBytes());
  }

  /** The publishBlockV2 body for a full block. */
  JsonNode signedJson(final BlockContents contents, final Bytes signature) {
    final ForkSchemas s = schemas(contents.block().slot());
    final SignedBeaconBlock signed = new SignedBeaconBlock(contents.block(), signature);
    return s.signedBlockContents().isPresent()
        ? s.signedBlockContents()
            .get()
            .toJson(new SignedBlockContents(signed, contents.kzgProofs(), contents.blobs()))
        : s.signedBeaconBlock().toJson(signed);
  }

  SimHttp.Response publish(final JsonNode body, final long slot, final String query) {
    return fx.http.post(
        "/eth/v2/beacon/blocks" + query,
        body,
        Map.of("Eth-Consensus-Version", fx.schedule.forkAtSlot(slot).jsonName()));
  }

  /** Signs the block with its proposer's key and publishes it. */
  SimHttp.Response signAndPublish(final BlockContents contents) {
    final long slot = contents.block().slot();
    final BlsSecretKey key = fx.keys.get((int) contents.block().proposerIndex());
    return publish(signedJson(contents, sign(contents.block(), key)), slot, "");
  }

  SimHttp.Response publishBlinded(final BlindedBeaconBlock block, final Bytes signature) {
    final ForkName fork = fx.schedule.forkAtSlot(block.slot());
    return fx.http.post(
        "/eth/v2/beacon/blinded_blocks",
        fx.schedule
            .schemas()
            .at(fork)
            .signedBlindedBeaconBlock()
            .orElseThrow()
            .toJson(new SignedBlindedBeaconBlock(block, signature)),
        Map.of("Eth-Consensus-Version", fork.jsonName()));
  }

  JsonNode proposals() {
    return fx.summary().get("proposals");
  }

  /** The proposals once {@code slot} is over (the clock moved into the next slot). */
  JsonNode proposalsAfter(final long slot) {
    fx.atSlot(slot + 1);
    return proposals();
  }

  String headRoot() {
    return fx.http.get("/eth/v1/beacon/headers/head").body().at("/data/root").asText();
  }
}
