package io.github.vdsoagent.metrics;

/** One of the most called sites' bean: its figures as of the last refresh. */
final class TimeCallSite implements TimeCallSiteMXBean {
    private final SiteKey site;
    private final Metrics metrics;

    TimeCallSite(SiteKey site, Metrics metrics) {
        this.site = site;
        this.metrics = metrics;
    }

    @Override
    public long getCalls() {
        return metrics.view().of(site).calls();
    }

    @Override
    public long getAvoidedKernel() {
        return metrics.view().of(site).avoided();
    }

    @Override
    public long getEnteredKernel() {
        return metrics.view().of(site).entered();
    }

    @Override
    public long getCoarseCalls() {
        return site.api().isCoarse() ? getCalls() : 0;
    }

    @Override
    public String getClock() {
        return site.api().clockLabel();
    }

    @Override
    public String getApi() {
        return site.api().apiName();
    }

    @Override
    public String getSite() {
        return site.location();
    }
}
