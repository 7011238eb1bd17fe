package io.dvc.node.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.dvc.node.cluster.ValidatorShare;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The rules of the duty pipeline's design (../shared/design/architecture.md), checked on the
 * compiled classes of the node: duty plug-ins are independent, stages know no other stage, only the
 * slashing-protected signer reaches the secret shares, and state machines take their time and
 * threads from outside.
 */
class ArchitectureTest {
  private static final List<String> STAGES =
      List.of(
          "Scheduler",
          "Fetcher",
          "ConsensusStage",
          "SignerStage",
          "ParSigEx",
          "ParSigDb",
          "Aggregator",
          "AggSigDb",
          "Broadcaster");

  private static JavaClasses node;

  @BeforeAll
  static void importNode() {
    node =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.dvc.node");
  }

  @Test
  void dutyPackagesDoNotDependOnEachOther() {
    slices().matching("io.dvc.node.duties.(*)..").should().notDependOnEachOther().check(node);
  }

  @Test
  void noStageReferencesAnotherStage() {
    for (final String stage : STAGES) {
      noClasses()
          .that()
          .haveFullyQualifiedName("io.dvc.node.pipeline." + stage)
          .should()
          .dependOnClassesThat(
              com.tngtech.archunit.base.DescribedPredicate.describe(
                  "another stage",
                  c ->
                      c.getPackageName().equals("io.dvc.node.pipeline")
                          && STAGES.contains(c.getSimpleName())
                          && !c.getSimpleName().equals(stage)))
          .check(node);
    }
  }

  @Test
  void stagesDoNotKnowAnyDuty() {
    noClasses()
        .that()
        .resideInAPackage("io.dvc.node.pipeline..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("io.dvc.node.duties..")
        .check(node);
  }

  @Test
  void onlyTheSlashingProtectedSignerReachesTheSecretShares() {
    noClasses()
        .that()
        .doNotHaveFullyQualifiedName("io.dvc.node.pipeline.SlashingProtectedSigner")
        .should()
        .callMethod(ValidatorShare.class, "secretShare")
        .check(node);
    noClasses()
        .that()
        .resideInAPackage("io.dvc.node.duties..")
        .should()
        .dependOnClassesThat()
        .areAssignableTo(ValidatorShare.class)
        .check(node);
  }

  @Test
  void pipelineAndDutiesTakeTimeAndThreadsFromTheirEnvironment() {
    noClasses()
        .that()
        .resideInAnyPackage(
            "io.dvc.node.pipeline..", "io.dvc.node.duties..", "io.dvc.node.doppelganger..")
        .should()
        .callMethod(System.class, "currentTimeMillis")
        .orShould()
        .callMethod(System.class, "nanoTime")
        .orShould()
        .callMethod(Thread.class, "sleep", long.class)
        .orShould()
        .dependOnClassesThat()
        .haveFullyQualifiedName("java.util.concurrent.Executors")
        .orShould()
        .accessField(io.dvc.common.time.TimeProvider.class, "SYSTEM")
        .check(node);
  }
}
