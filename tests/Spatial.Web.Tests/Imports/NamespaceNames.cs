// "Imports" is a keyword of Visual Basic only; the folder names the namespace, as every other test folder's does.
[assembly: System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1716:Identifiers should not match keywords",
    Scope = "namespaceanddescendants", Target = "~N:Spatial.Web.Tests.Imports")]
