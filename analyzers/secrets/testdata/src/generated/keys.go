package generated

const handWrittenKeyID = "LTAI5tZyXwVuTsRqPoNmLkJi" // want `GO002: hard-coded AccessKey ID LTAI\*\*\*\*\.\.\.LkJi`
