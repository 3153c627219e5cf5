package io.crinn4j.agent.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.crinn4j.agent.campaign.Campaign;
import io.crinn4j.agent.campaign.CampaignDir;
import io.crinn4j.agent.campaign.ProgramDatabase;
import io.crinn4j.agent.config.CampaignConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "leaderboard", mixinStandardHelpOptions = true,
        description = {"Shows the best variants of one or more campaigns per module, with their reward, AUC, QPS at recall",
            "0.90 and 0.95, build time and how each was made; the stage winners are marked *. Reads the campaign",
            "folder only, so it works while the campaign runs."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:printed", "1:not a campaign folder, or unreadable", "2:bad command line"})
public final class LeaderboardCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "DIR", description = "Campaign folders, e.g. runs/20261121-120000-synthetic.")
    List<Path> dirs;

    @Option(names = "--top", paramLabel = "N", description = "Variants per module. Default: 5.")
    int top = 5;

    @Option(names = "--json", description = "Print JSON (one object per campaign: summary and rows) instead of tables.")
    boolean json;

    @Override
    public Integer call() throws IOException {
        if (top < 1) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--top must be >= 1, got " + top);
        }
        PrintWriter out = spec.commandLine().getOut();
        ObjectMapper m = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        List<Map<String, Object>> all = new ArrayList<>();
        for (Path dir : dirs) {
            CampaignConfig cfg = CampaignDir.savedConfig(dir);
            ProgramDatabase db = new ProgramDatabase(dir);
            db.load();
            Path resultFile = dir.resolve("result.json");
            Campaign.Result result = Files.exists(resultFile) ? db.readJson(resultFile, Campaign.Result.class) : null;
            List<Leaderboard.Board> boards = Leaderboard.boards(db, cfg.moduleKinds(), result == null ? null : result.winners(), top);
            if (json) {
                Map<String, Object> o = new LinkedHashMap<>();
                o.put("campaign", cfg.name());
                o.put("folder", dir.toString());
                o.put("dataset", cfg.dataset());
                o.put("proposer", cfg.proposer());
                o.put("result", result);
                o.put("modules", Leaderboard.json(boards));
                all.add(o);
                continue;
            }
            out.printf(Locale.ROOT, "campaign   %s (%s, dataset %s, proposer %s)%n", cfg.name(), dir, cfg.dataset(),
                    cfg.proposer().kind());
            Leaderboard.print(out, boards);
            if (result == null) {
                out.println("status     not finished (no result.json yet); rewards so far are first measurements");
            } else {
                out.printf(Locale.ROOT, "status     %s after %d evaluations (%s)%n", result.stopReason(), result.evaluations(),
                        Leaderboard.failedAndDuplicates(result.failures(), result.duplicates(), result.unstable()));
                if (result.campaignReward() != null) {
                    out.printf(Locale.ROOT, "result     final module set %.3f on campaign queries%s%n", result.campaignReward(),
                            result.heldOutReward() == null ? "" : String.format(Locale.ROOT, ", %.3f on held-out queries", result.heldOutReward()));
                }
            }
            out.println();
        }
        if (json) {
            out.println(m.writeValueAsString(all.size() == 1 ? all.get(0) : all));
        }
        out.flush();
        return Main.EXIT_OK;
    }
}
