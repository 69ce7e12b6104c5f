using System.Text.Json;

namespace Spatial.Web.Tests.Tiles;

/// <summary>
/// The tiles' painting runs in web/app/frame-budget.js: a few milliseconds per animation frame, in order, and work whose
/// tile left the view is dropped. Checked with work of the test's own in the map's page, timed by the page's clock.
/// </summary>
[Collection(WebTests.Name)]
public sealed class FrameBudgetTests(WebFixture web)
{
    [Fact]
    public async Task Work_is_spread_over_frames_within_the_budget_in_order_and_dropped_once_its_signal_aborts()
    {
        var (page, errors) = await web.OpenAsync("/#z=8&lat=45.25000&lon=131.80000&layers=counties");
        // Three pieces of work of ten 2 ms steps each; the second is aborted after its third step.
        var result = await page.EvaluateAsync<JsonElement>("""
            async () => {
              const { inFrames, frameBudgetMs } = await import('./app/frame-budget.js');
              const calls = [];
              const busy = (ms) => { const end = performance.now() + ms; while (performance.now() < end); };
              const done = [0, 1, 2].map((work) => new Promise((resolve) => {
                const controller = new AbortController();
                let steps = 0;
                inFrames((deadline) => {
                  calls.push({ work, started: performance.now(), deadline });
                  busy(2);
                  steps += 1;
                  if (work === 1 && steps === 3) { controller.abort(); resolve(); }
                  if (steps === 10) resolve();
                  return steps === 10;
                }, controller.signal);
              }));
              await Promise.all(done);
              await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
              return { budget: frameBudgetMs, calls };
            }
            """);
        var budget = result.GetProperty("budget").GetDouble();
        var calls = result.GetProperty("calls").EnumerateArray()
            .Select(c => (Work: c.GetProperty("work").GetInt32(), Started: c.GetProperty("started").GetDouble(), Deadline: c.GetProperty("deadline").GetDouble()))
            .ToArray();
        var frames = calls.Select(c => c.Deadline).Distinct().Count();

        Assert.Equal(8, budget);
        Assert.All(calls, c => Assert.True(c.Started < c.Deadline, $"a step of work {c.Work} started {c.Started - c.Deadline:F1} ms past its frame's budget"));
        Assert.True(frames >= 3, $"23 steps of 2 ms in {frames} frames");
        Assert.Equal([.. Enumerable.Repeat(0, 10), .. Enumerable.Repeat(1, 3), .. Enumerable.Repeat(2, 10)], calls.Select(c => c.Work).ToArray());
        Assert.Empty(errors);
    }
}
