"""medins-rules: rules as code for Guangdong and Guangzhou resident medical insurance."""
