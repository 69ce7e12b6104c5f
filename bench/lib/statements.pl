#!/usr/bin/perl
# Spatial's statements as PostgreSQL logged them (log_statement = all, log_line_prefix = 'bench|%p|%v|'),
# written as one pgbench script per request: the statements of one transaction (Npgsql sends a request's
# batch as one) with their parameters put in as literals, in a pipeline when there are several, as the
# batch is one round trip. Prints "requests=N statements=S other=O" (other: statements outside a batch,
# e.g. Npgsql's reset (DISCARD ALL, RESET ALL …) when a pooled connection is reused).
# Usage: statements.pl LOG OUTDIR
use strict;
use warnings;

my ($log, $outdir) = @ARGV;
open(my $in, '<', $log) or die "statements.pl: cannot read $log: $!\n";

my (@order, %statements, %parameters);
my ($group, $kind) = (undef, '');
my (%spatial_pids, @other_pids);
while (my $line = <$in>) {
    chomp $line;
    if ($line =~ /^bench\|(\d+)\|([^|]*)\|(\w+):\s+(.*)$/) {
        my ($pid, $vxid, $level, $message) = ($1, $2, $3, $4);
        $kind = '';
        if ($level eq 'LOG' && $message =~ /^execute [^:]+: (.*)$/s) {
            $group = $vxid;
            push @order, $group unless exists $statements{$group};
            push @{ $statements{$group} }, $1;
            $kind = 'statement';
            $spatial_pids{$pid} = 1;
        } elsif ($level eq 'DETAIL' && $message =~ /^parameters: (.*)$/i && defined $group && $vxid eq $group) {
            my %values;
            my $list = $1;
            while ($list =~ /\$(\d+) = ('(?:[^']|'')*'|NULL)/g) { $values{$1} = $2; }
            $parameters{$group}[ $#{ $statements{$group} } ] = \%values;
            $kind = 'parameters';
        } elsif ($level eq 'LOG' && $message =~ /^statement: /) {
            push @other_pids, $pid;
        }
    } elsif ($line =~ /^\t(.*)$/ && $kind eq 'statement') {
        $statements{$group}[-1] .= "\n$1";     # a statement's further lines
    } elsif ($line =~ /^\t(.*)$/ && $kind eq 'parameters') {
        die "statements.pl: a parameter list over several lines is not handled\n";
    }
}
close $in;

# Statements outside a batch count only from Spatial's connections, not from the psql that switched the log.
my $other = grep { $spatial_pids{$_} } @other_pids;
my ($requests, $count) = (0, 0);
for my $g (@order) {
    my @sql;
    for my $i (0 .. $#{ $statements{$g} }) {
        my $text = $statements{$g}[$i];
        my $values = $parameters{$g}[$i] || {};
        $text =~ s/\$(\d+)(?!\d)/exists $values->{$1} ? $values->{$1} : die "statements.pl: no value for \$$1\n"/ge;
        $text =~ s/[\s;]+$//;
        push @sql, "$text;";
    }
    $requests++;
    $count += @sql;
    my $file = sprintf('%s/%03d.sql', $outdir, $requests);
    open(my $out, '>', $file) or die "statements.pl: cannot write $file: $!\n";
    print $out @sql > 1 ? join("\n", '\startpipeline', @sql, '\endpipeline') . "\n" : "$sql[0]\n";
    close $out;
}
print "requests=$requests statements=$count other=$other\n";
