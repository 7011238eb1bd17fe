package io.dvc.beaconsim;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dvc.spec.Schemas;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The block proposals the simulator has seen: the {@code proposals} object of the summary (format
 * in beacon-sim/README.md).
 *
 * @param expected cluster proposer duties of the slots that are over (slot 1 to the clock's slot -
 *     1)
 * @param included of those, slots whose canonical block is the cluster validator's published block
 * @param produced blocks produced ({@code /eth/v3/validator/blocks}), of which {@code
 *     producedBlinded} blinded
 * @param published publish requests (full and blinded)
 * @param imported published blocks that became canonical (a repeat of one counts once)
 * @param notImported published blocks answered 202: valid but not canonical
 * @param invalid publish requests refused (400) for any reason
 * @param invalidSignatures refused because the block signature did not verify
 * @param invalidRandao refused because the RANDAO reveal did not verify
 * @param rejectedByReason refusals by reason code
 * @param feeRecipientsPrepared validators with a fee recipient from prepare_beacon_proposer
 * @param duties the cluster duties of the slots that are over, slot by slot
 * @param slashable double proposals detected
 */
public record ProposalSummary(
    long expected,
    long included,
    long produced,
    long producedBlinded,
    long published,
    long imported,
    long notImported,
    long invalid,
    long invalidSignatures,
    long invalidRandao,
    Map<String, Long> rejectedByReason,
    int feeRecipientsPrepared,
    List<Duty> duties,
    List<SlashableProposal> slashable) {

  public ProposalSummary {
    rejectedByReason = Map.copyOf(rejectedByReason);
    duties = List.copyOf(duties);
    slashable = List.copyOf(slashable);
  }

  /**
   * One cluster proposer duty.
   *
   * @param blockRoot the canonical block at the slot when it is the validator's, else empty
   * @param blinded whether that block was published blinded
   */
  public record Duty(
      long slot,
      int validatorIndex,
      boolean included,
      Optional<String> blockRoot,
      boolean blinded) {}

  ObjectNode toJson() {
    final ObjectNode node = JsonNodeFactory.instance.objectNode();
    node.put("expected", expected);
    node.put("included", included);
    node.put("produced", produced);
    node.put("produced_blinded", producedBlinded);
    node.put("published", published);
    node.put("imported", imported);
    node.put("not_imported", notImported);
    node.put("invalid", invalid);
    node.put("invalid_signatures", invalidSignatures);
    node.put("invalid_randao", invalidRandao);
    final ObjectNode reasons = node.putObject("rejected_by_reason");
    rejectedByReason.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(e -> reasons.put(e.getKey(), e.getValue()));
    node.put("fee_recipients_prepared", feeRecipientsPrepared);
    final ArrayNode dutyArray = node.putArray("duties");
    for (final Duty duty : duties) {
      final ObjectNode d = dutyArray.addObject();
      d.put("slot", duty.slot());
      d.put("validator_index", duty.validatorIndex());
      d.put("included", duty.included());
      if (duty.blockRoot().isPresent()) {
        d.put("block_root", duty.blockRoot().get());
      } else {
        d.putNull("block_root");
      }
      d.put("blinded", duty.blinded());
    }
    final ObjectNode slashableNode = node.putObject("slashable");
    slashableNode.put("count", slashable.size());
    final ArrayNode pairs = slashableNode.putArray("pairs");
    for (final SlashableProposal pair : slashable) {
      final ObjectNode p = pairs.addObject();
      p.put("kind", SlashableProposal.DOUBLE_PROPOSAL);
      p.put("validator_index", pair.validatorIndex());
      p.put("pubkey", pair.publicKey());
      p.put("slot", pair.slot());
      p.put("first_root", pair.firstRoot().toHex());
      p.set("first", Schemas.MAINNET.beaconBlockHeader.toJson(pair.first()));
      p.put("second_root", pair.secondRoot().toHex());
      p.set("second", Schemas.MAINNET.beaconBlockHeader.toJson(pair.second()));
      p.put("detected_at_slot", pair.detectedAtSlot());
    }
    return node;
  }
}
