<#
.SYNOPSIS
    OneVisit Back Office on Windows: install what is needed, then start the app or run the tests.

.DESCRIPTION
    .\bootstrap.ps1 demo [APP OPTIONS]     e.g. .\bootstrap.ps1 demo --smoke
    .\bootstrap.ps1 test [PYTEST OPTIONS]  e.g. .\bootstrap.ps1 test -x tests\ui
    .\bootstrap.ps1 bundle                 build dist\OneVisitBackOffice\, smoke-check it, build the installer

    The twin of bootstrap.sh. Qt's libraries come inside the PySide6 wheel and
    Windows has Chinese fonts, so only Python >= 3.11 is needed: found with the
    py launcher (py -3.11, then py -3) or python on PATH. The app goes into
    .venv; "pip install -e .[test,bundle]" runs again only when pyproject.toml
    changed.
    The bundle verb also needs NSIS 3 (choco install nsis, or winget install
    NSIS.NSIS) and, to sign, the Windows SDK's signtool and a certificate in
    ONEVISIT_SIGN_PFX / ONEVISIT_SIGN_PASSWORD (docs\install.md).
    If scripts are blocked: powershell -ExecutionPolicy Bypass -File .\bootstrap.ps1 demo

    Deliberately a plain script, without param() or [Parameter] attributes:
    an "advanced" script binds its arguments itself, so options meant for
    pytest or the app would be taken by PowerShell (-v is ambiguous between
    -Verbose and -Verb, -p no:cacheprovider becomes -PipelineVariable, -e and
    -o are prefixes of -ErrorAction/-ErrorVariable and -OutVariable/-OutBuffer).
    Here everything arrives in $args
    untouched: the first argument is the verb, the rest passes through
    verbatim.
#>

$ErrorActionPreference = 'Stop'
Set-Location -LiteralPath $PSScriptRoot

# $args is redefined inside every function: copy the script's own first.
$Arguments = @($args)
$Verb = if ($Arguments.Count -gt 0) { [string]$Arguments[0] } else { '' }
$Rest = @($Arguments | Select-Object -Skip 1)

function Say([string]$Text) { [Console]::Error.WriteLine("bootstrap: $Text") }

if ($Verb -notin @('demo', 'test', 'bundle')) {
    Say 'usage: .\bootstrap.ps1 demo [APP OPTIONS] | .\bootstrap.ps1 test [PYTEST OPTIONS] | .\bootstrap.ps1 bundle'
    exit 2
}

$VersionCheck = 'import sys; sys.exit(0 if (3, 11) <= sys.version_info[:2] < (3, 14) else 1)'

function Test-Python([string[]]$Command) {
    try {
        $exe = $Command[0]
        $args_ = @($Command | Select-Object -Skip 1) + @('-c', $VersionCheck)
        & $exe @args_ 2>$null | Out-Null
        return ($LASTEXITCODE -eq 0)
    } catch {
        return $false
    }
}

function Find-Python {
    foreach ($candidate in @(@('py', '-3.11'), @('py', '-3.12'), @('py', '-3.13'), @('py', '-3'), @('python'), @('python3'))) {
        if ((Get-Command $candidate[0] -ErrorAction SilentlyContinue) -and (Test-Python $candidate)) {
            return , $candidate
        }
    }
    return $null
}

$Venv = Join-Path $PSScriptRoot '.venv'
$VenvPy = Join-Path $Venv 'Scripts\python.exe'
$Stamp = Join-Path $Venv '.bootstrap-stamp'

if (-not ((Test-Path $VenvPy) -and (Test-Python @($VenvPy)))) {
    if (Test-Path $Venv) {
        Say "recreating .venv (missing or wrong Python)"
        Remove-Item -Recurse -Force $Venv
    }
    $python = Find-Python
    if ($null -eq $python) {
        Say 'Python 3.11, 3.12 or 3.13 is needed: install it from python.org (with the py launcher) and run this again.'
        exit 1
    }
    Say "creating .venv with $($python -join ' ')"
    $exe = $python[0]
    $pyArgs = @($python | Select-Object -Skip 1) + @('-m', 'venv', $Venv)
    & $exe @pyArgs
    if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }
}

$hash = (Get-FileHash -Algorithm SHA256 -LiteralPath (Join-Path $PSScriptRoot 'pyproject.toml')).Hash.ToLowerInvariant()
# One set of extras for every verb (as in bootstrap.sh): the test tools and PyInstaller.
$Extras = 'test,bundle'
$want = "$hash [$Extras]"
$have = if (Test-Path $Stamp) { (Get-Content -Raw -LiteralPath $Stamp).Trim() } else { '' }
if ($have -ne $want) {
    Say "installing the app, its test tools and PyInstaller into .venv (pip install -e .[$Extras])"
    & $VenvPy -m pip install --disable-pip-version-check --progress-bar off -q -e ".[$Extras]"
    if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }
    Set-Content -LiteralPath $Stamp -Value $want -Encoding ascii
}

if ($Verb -eq 'demo') {
    & (Join-Path $Venv 'Scripts\backoffice.exe') app --demo @Rest
} elseif ($Verb -eq 'bundle') {
    # The spec and the checks of installer/build.sh --check (see installer/README.md),
    # then the installer: signed when a certificate is configured (installer\sign.py),
    # dist\OneVisitBackOffice-<version>-setup.exe. Extra arguments go to
    # make_installer.py (e.g. --require-signature for a release).
    & $VenvPy -m PyInstaller --noconfirm --log-level WARN --distpath dist --workpath build installer\backoffice.spec
    if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }
    & $VenvPy installer\check_bundle.py dist\OneVisitBackOffice
    $checkStatus = $LASTEXITCODE
    & $VenvPy installer\make_installer.py @Rest
    if ($checkStatus -ne 0) { exit $checkStatus }
} else {
    # One pytest worker per core, as bootstrap.sh: -n given wins, and
    # ONEVISIT_TEST_WORKERS=0 runs everything in this one process.
    if ($Rest -contains '-n' -or ($Rest | Where-Object { $_ -like '-n*' -or $_ -like '--numprocesses*' })) {
        & $VenvPy -m pytest @Rest
    } else {
        $workers = if ($env:ONEVISIT_TEST_WORKERS) { $env:ONEVISIT_TEST_WORKERS } else { 'auto' }
        & $VenvPy -m pytest -n $workers --dist worksteal @Rest
    }
}
exit $LASTEXITCODE
